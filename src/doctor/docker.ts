import { execa } from 'execa';
import { dockerDaemonFix, type Platform } from './install.js';
import { findExecutable } from './tools.js';
import type { DoctorItem } from './types.js';

/** kind runs its nodes as Docker containers, so the daemon has to answer, not only the CLI. */
export async function dockerDaemonItem(platform: Platform, env: NodeJS.ProcessEnv): Promise<DoctorItem | undefined> {
  const docker = findExecutable('docker', env, platform);
  if (!docker) return undefined; // the missing CLI is reported by the tool item
  const result = await execa(docker, ['info', '--format', '{{.ServerVersion}}'], {
    env,
    reject: false,
    timeout: 15_000,
    stdin: 'ignore',
  });
  const version = result.stdout.trim();
  const base = { id: 'docker-daemon', title: 'Docker daemon', required: true };
  if (!result.failed && version) return { ...base, status: 'pass', detail: `running (Engine v${version})` };
  const why = result.timedOut
    ? 'did not answer within 15s'
    : (result.stderr.trim().split('\n').at(-1) ?? 'is not running');
  return { ...base, status: 'fail', detail: `not reachable: ${why}`, fix: dockerDaemonFix(result.stderr, platform) };
}
