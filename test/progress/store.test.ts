import { readdirSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  emptyProgress,
  listProgress,
  loadCredentials,
  loadProgress,
  saveCredential,
  saveProgress,
} from '../../src/progress/index.js';
import { statePaths } from '../../src/state/index.js';

describe('progress store', () => {
  it('round-trips progress per lesson and target', async () => {
    const progress = {
      ...emptyProgress('key-auth', 'sandbox', '/l/02.md'),
      currentStep: 'add-consumers',
      steps: { enable: { status: 'passed' as const, at: 'now' } },
    };
    await saveProgress(progress);
    expect(loadProgress('key-auth', 'sandbox')).toEqual({ status: 'ok', progress });
    expect(loadProgress('key-auth', 'kind')).toEqual({ status: 'new' });
    expect(listProgress().map((p) => `${p.lessonId}@${p.target}`)).toContain('key-auth@sandbox');
  });

  it('sets a corrupt file aside and starts afresh instead of crashing', () => {
    mkdirSync(statePaths().progressDir, { recursive: true });
    const path = join(statePaths().progressDir, 'broken@sandbox.json');
    writeFileSync(path, '{"version":1, "lessonId": "bro');
    const load = loadProgress('broken', 'sandbox');
    expect(load.status).toBe('reset');
    if (load.status !== 'reset') return;
    expect(readFileSync(load.backup, 'utf8')).toBe('{"version":1, "lessonId": "bro');
    expect(readdirSync(statePaths().progressDir)).not.toContain('broken@sandbox.json');
    expect(loadProgress('broken', 'sandbox')).toEqual({ status: 'new' });
  });

  it('keeps typed secrets in a separate file only its owner can read', async () => {
    await saveCredential('KONNECT_TOKEN', 'kpat_canary123');
    expect(loadCredentials()).toEqual({ KONNECT_TOKEN: 'kpat_canary123' });
    expect(statSync(join(statePaths().stateDir, 'credentials.json')).mode & 0o777).toBe(0o600);
    for (const name of readdirSync(statePaths().progressDir))
      expect(readFileSync(join(statePaths().progressDir, name), 'utf8')).not.toContain('kpat_canary123');
  });
});
