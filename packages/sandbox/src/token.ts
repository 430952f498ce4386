import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { statePaths, writeFileAtomicallySync } from '@kong-workshop/common';
import { randomAlphanumeric, uuidV5 } from './ids.js';

const ORGANIZATION_NAMESPACE = '6f1d7c38-5d0e-4d0c-9b0a-8c1b6a2f4e11';

export const tokenFilePath = (sandboxDir: string = statePaths().sandboxDir) => join(sandboxDir, 'token');

/** The sandbox's personal access token, or undefined when none was issued yet. */
export function readSandboxToken(sandboxDir: string = statePaths().sandboxDir): string | undefined {
  try {
    const token = readFileSync(tokenFilePath(sandboxDir), 'utf8').trim();
    return token.startsWith('kpat_') ? token : undefined;
  } catch {
    return undefined;
  }
}

/** Reads the token, issuing one (`kpat_` + 45 random letters and digits, file mode 0600) on first use. */
export function ensureSandboxToken(sandboxDir: string = statePaths().sandboxDir): string {
  const existing = readSandboxToken(sandboxDir);
  if (existing) return existing;
  const token = `kpat_${randomAlphanumeric(45)}`;
  writeFileAtomicallySync(tokenFilePath(sandboxDir), `${token}\n`, { mode: 0o600 });
  return token;
}

/** The organization a token belongs to: stable per token, like Konnect's `organizations/me`. */
export function organizationIdFor(token: string): string {
  return uuidV5(ORGANIZATION_NAMESPACE, token);
}
