import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TARGET_VARIABLES } from '../../src/lesson/index.js';
import { TargetError, targetFor } from '../../src/targets/index.js';

// A stand-in data plane: the konnect target only needs its proxy to answer.
let dataPlane: Server;
let proxyUrl: string;

beforeAll(async () => {
  dataPlane = createServer((_req, res) => {
    res.writeHead(404, { 'content-type': 'application/json; charset=utf-8', server: 'kong/3.9.1' });
    res.end('{\n  "message":"no Route matched with those values"\n}');
  });
  await new Promise<void>((resolve) => dataPlane.listen(0, '127.0.0.1', resolve));
  proxyUrl = `http://127.0.0.1:${(dataPlane.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => dataPlane.close(resolve)));

const token = `kpat_${'a'.repeat(45)}`;
const prepare = (vars: Record<string, string>) => targetFor('konnect').prepare({ vars, settings: {}, log: () => {} });

describe('konnect target', () => {
  it('gives lessons exactly the konnect variables, with an upstream the data plane can reach', async () => {
    const session = await prepare({ KONNECT_TOKEN: token, PROXY: `${proxyUrl}/` });
    expect(Object.keys(session.vars).sort()).toEqual([...TARGET_VARIABLES.konnect].sort());
    expect(session.vars).toEqual({
      PROXY: proxyUrl,
      KONNECT_TOKEN: token,
      KONNECT_SERVER_URL: 'https://us.api.konghq.com',
      CONTROL_PLANE: 'kong-workshop',
      UPSTREAM: 'http://httpbin.konghq.com/anything',
    });
    expect(session.secrets).toEqual([token]);
    await session.close();
  });

  it('takes the upstream from --var UPSTREAM', async () => {
    const session = await prepare({ KONNECT_TOKEN: token, PROXY: proxyUrl, UPSTREAM: 'http://echo.internal:8080' });
    expect(session.vars.UPSTREAM).toBe('http://echo.internal:8080');
    await session.close();
  });

  it('refuses a token that is neither a personal nor a system access token', async () => {
    const error = await prepare({ KONNECT_TOKEN: 'not-a-token', PROXY: proxyUrl }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TargetError);
    expect((error as TargetError).code).toBe('invalid-input');
    expect((error as TargetError).hint).toContain('kpat_');
  });
});
