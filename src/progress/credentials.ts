import { join } from 'node:path';
import { readJsonFile, statePaths, writeFileAtomically } from '../state/index.js';

/**
 * Secrets a learner typed at a prompt (a Konnect token), kept so a crash or a restart never
 * makes them paste it again. Separate from progress files, mode 0600, never printed.
 */
const file = () => join(statePaths().stateDir, 'credentials.json');

type Credentials = Record<string, string>;

export function loadCredentials(): Credentials {
  const read = readJsonFile<Credentials>(file());
  return read.status === 'ok' && typeof read.value === 'object' && read.value !== null ? read.value : {};
}

export async function saveCredential(name: string, value: string): Promise<void> {
  await writeFileAtomically(file(), `${JSON.stringify({ ...loadCredentials(), [name]: value }, null, 2)}\n`, {
    mode: 0o600,
  });
}
