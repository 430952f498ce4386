import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { readRuntimeFile, stopSandbox } from '@kong-workshop/sandbox';
import { statePaths } from '../../src/state/index.js';
import { cliPath, repoRoot } from '../helpers/cli.js';

// The built CLI's apply, get, annotate and delete against the sandbox's kube lab, which the first
// command starts in the background (on ephemeral ports), with the lessons' own fixtures.

const env = {
  NO_COLOR: '1',
  KONG_WORKSHOP_SANDBOX_PROXY_PORT: '0',
  KONG_WORKSHOP_SANDBOX_ADMIN_PORT: '0',
  KONG_WORKSHOP_SANDBOX_KUBE_PORT: '0',
};
const kw = (args: string[], input?: string) =>
  execa('node', [cliPath, ...args], {
    reject: false,
    env,
    timeout: 60_000,
    cwd: repoRoot,
    ...(input === undefined ? {} : { input }),
  });
const fixture = (path: string) => join('fixtures', path);
const scratch = mkdtempSync(join(tmpdir(), 'kw-lab-cli-'));

afterAll(() => stopSandbox({ sandboxDir: statePaths().sandboxDir }));

describe('kong-workshop apply, get, annotate, delete', () => {
  it('applies the lessons fixtures, starting the sandbox on demand, and says created, then unchanged', async () => {
    const applied = await kw([
      'apply',
      '-f',
      fixture('kic/echo.yaml'),
      '-f',
      fixture('kic/echo-ingress.yaml'),
      '-f',
      fixture('kic/key-auth-plugin.yaml'),
    ]);
    expect(applied.stderr).toContain('starting the sandbox in the background');
    expect(applied.stdout.split('\n')).toEqual([
      'deployment.apps/echo created',
      'service/echo created',
      'ingress.networking.k8s.io/echo created',
      'kongplugin.configuration.konghq.com/key-auth created',
    ]);
    expect(applied.exitCode).toBe(0);
    expect((await kw(['apply', '-f', fixture('kic/key-auth-plugin.yaml')])).stdout).toBe(
      'kongplugin.configuration.konghq.com/key-auth unchanged',
    );
  });

  it('annotates like kubectl annotate, refusing to overwrite without --overwrite', async () => {
    expect((await kw(['annotate', 'ingress', 'echo', 'konghq.com/plugins=key-auth'])).stdout).toBe(
      'ingress.networking.k8s.io/echo annotated',
    );
    const clash = await kw(['annotate', 'ingress', 'echo', 'konghq.com/plugins=other']);
    expect(clash.exitCode).toBe(1);
    expect(clash.stderr).toContain(
      "--overwrite is false but found the following declared annotation(s): 'konghq.com/plugins' already has a value (key-auth)",
    );
    const runtime = readRuntimeFile(statePaths().sandboxDir)!;
    expect((await fetch(`${runtime.proxyUrl}/echo`)).status).toBe(401);
  });

  it('gets tables with the printer columns, and objects as YAML without managedFields', async () => {
    expect(
      (await kw(['apply', '-f', fixture('kic/consumer-keys.yaml'), '-f', fixture('kic/consumers.yaml')])).exitCode,
    ).toBe(0);
    const table = await kw(['get', 'kongconsumers']);
    expect(table.stdout.split('\n')[0]).toMatch(/^NAME\s{3,}USERNAME\s{3}AGE\s{3,}PROGRAMMED$/);
    expect(table.stdout).toMatch(/\nalex\s+alex\s+\d+s\s+True\n/);
    const both = await kw(['get', 'kc,kp']);
    expect(both.stdout).toContain('kongconsumer.configuration.konghq.com/sam');
    expect(both.stdout).toMatch(/^kongplugin\.configuration\.konghq\.com\/key-auth\s+key-auth\s+\d+s$/m);
    const yaml = await kw(['get', 'kc', 'alex', '--format', 'yaml']);
    expect(yaml.stdout).toContain('username: alex');
    expect(yaml.stdout).not.toContain('managedFields');
    const labelled = await kw(['get', 'secret', 'alex-key', '--show-labels']);
    expect(labelled.stdout.split('\n')[0]).toMatch(/^NAME\s+TYPE\s+DATA\s+AGE\s+LABELS$/);
    expect(labelled.stdout).toMatch(
      /alex-key\s+Opaque\s+1\s+\S+\s+konghq\.com\/credential=key-auth,konghq\.com\/secret=true$/m,
    );
    const missing = await kw(['get', 'kp', 'nope']);
    expect([missing.exitCode, missing.stderr.trim()]).toEqual([
      1,
      'Error from server (NotFound): kongplugins.configuration.konghq.com "nope" not found',
    ]);
    expect((await kw(['get', 'kongplugin', '-n', 'default'])).stderr).toBe('No resources found in default namespace.');
  });

  it('reports bad YAML and refused objects at file:line:col', async () => {
    const broken = join(scratch, 'broken.yaml');
    writeFileSync(broken, 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: x\n  labels: [\n');
    const bad = await kw(['apply', '-f', broken]);
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toMatch(new RegExp(`^error: ${broken.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:6:1: `));
    expect(bad.stderr).toContain('hint: manifests are YAML');
    const refused = join(scratch, 'refused.yaml');
    writeFileSync(
      refused,
      'apiVersion: v1\nkind: Secret\nmetadata: { name: fine }\n---\n# a consumer with no name of its own\napiVersion: configuration.konghq.com/v1\nkind: KongConsumer\nmetadata: { name: anonymous }\n',
    );
    const partly = await kw(['apply', '-f', refused]);
    expect(partly.exitCode).toBe(1);
    expect(partly.stdout).toBe('secret/fine created');
    expect(partly.stderr).toBe(
      `${refused}:6:1: KongConsumer.configuration.konghq.com "anonymous" is invalid: <nil>: Invalid value: "object": Need to provide either username or custom_id`,
    );
    const unknown = await kw(['apply', '-f', '-'], 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata: { name: db }\n');
    expect(unknown.stderr).toContain('<stdin>:1:1: no matches for kind "StatefulSet" in version "apps/v1"');
  });

  it('deletes from files and by name, with --ignore-not-found', async () => {
    const deleted = await kw(['delete', '-f', fixture('kic/consumers.yaml')]);
    expect(deleted.stdout.split('\n')).toEqual([
      'kongconsumer.configuration.konghq.com "alex" deleted',
      'kongconsumer.configuration.konghq.com "sam" deleted',
    ]);
    const again = await kw(['delete', 'kongconsumer', 'alex']);
    expect([again.exitCode, again.stderr.trim()]).toEqual([
      1,
      'Error from server (NotFound): kongconsumers.configuration.konghq.com "alex" not found',
    ]);
    expect((await kw(['delete', 'kc', 'alex', '--ignore-not-found'])).exitCode).toBe(0);
  });
});
