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

/**
 * Replaces every credential whose name starts with `prefix` with `values` (names given without
 * the prefix): the secret exports of one lesson on one target, as its last step left them.
 */
export async function replaceCredentials(prefix: string, values: Readonly<Record<string, string>>): Promise<void> {
  const kept = Object.entries(loadCredentials()).filter(([name]) => !name.startsWith(prefix));
  const added = Object.entries(values).map(([name, value]) => [`${prefix}${name}`, value]);
  if (added.length === 0 && kept.length === Object.keys(loadCredentials()).length) return;
  await writeFileAtomically(file(), `${JSON.stringify(Object.fromEntries([...kept, ...added]), null, 2)}\n`, {
    mode: 0o600,
  });
}

/** The credentials under `prefix`, with the prefix taken off their names. */
export function credentialsUnder(prefix: string): Record<string, string> {
  return Object.fromEntries(
    Object.entries(loadCredentials())
      .filter(([name]) => name.startsWith(prefix))
      .map(([name, value]) => [name.slice(prefix.length), value]),
  );
}
