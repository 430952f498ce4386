import { parseTargetUrl, probeHttp } from './reachability.js';
import { requireInput } from './inputs.js';
import { TargetError, type Target, type TargetInput } from './types.js';
import { errorMessage } from '../shared/index.js';

const inputs: readonly TargetInput[] = [
  { name: 'PROXY', prompt: "Kong's proxy URL", default: 'http://localhost:8000', secret: false },
  { name: 'ADMIN', prompt: "Kong's Admin API URL", default: 'http://localhost:8001', secret: false },
  {
    name: 'UPSTREAM',
    prompt: 'an upstream URL your Kong can reach, for the lessons’ service',
    default: 'http://httpbin.konghq.com/anything',
    secret: false,
  },
];

/**
 * Any self-managed Kong (for example DB-less Kong on a laptop), reached by its proxy and Admin
 * API URLs. Lessons that use only Kong's own Admin API and declarative config run here unchanged.
 */
export const gatewayTarget: Target = {
  name: 'gateway',
  summary: 'a self-managed Kong you reach by its proxy and Admin API URLs (--var PROXY=… --var ADMIN=…)',
  inputs,
  async prepare({ vars, log }) {
    const [proxy, admin, upstream] = inputs.map((input) => requireInput(input, vars, 'gateway')) as [
      string,
      string,
      string,
    ];
    let adminUrl: URL;
    try {
      parseTargetUrl('PROXY', proxy);
      adminUrl = parseTargetUrl('ADMIN', admin);
    } catch (error) {
      throw new TargetError(
        'invalid-input',
        errorMessage(error),
        'pass --var PROXY=http://host:8000 --var ADMIN=http://host:8001',
      );
    }
    log(`checking Kong's Admin API at ${adminUrl.origin}…`);
    const probe = await probeHttp(admin);
    if (!probe.reachable) {
      throw new TargetError(
        'unreachable',
        `cannot reach Kong's Admin API at ${admin} (${probe.reason})`,
        'is Kong running? Start it, or pass --var ADMIN=… with the right URL; `kong-workshop doctor --target ' +
          'gateway` checks more',
      );
    }
    const version = probe.status === 200 ? (JSON.parse(probe.body || '{}') as { version?: string }).version : undefined;
    return {
      name: 'gateway',
      vars: { PROXY: proxy.replace(/\/$/, ''), ADMIN: admin.replace(/\/$/, ''), UPSTREAM: upstream },
      secrets: [],
      env: {},
      description: `Kong${version ? ` ${version}` : ''} at ${proxy}`,
      async close() {},
    };
  },
};
