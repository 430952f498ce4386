import { parseTargetUrl, probeHttp } from './reachability.js';
import { requireInput } from './inputs.js';
import { TargetError, type Target, type TargetInput } from './types.js';
import { errorMessage } from '../shared/index.js';

const inputs: readonly TargetInput[] = [
  {
    name: 'KONNECT_TOKEN',
    prompt: 'Konnect personal or system access token',
    secret: true,
    pattern: '^(kpat|spat)_',
    hint:
      'Konnect tokens start with kpat_ (personal) or spat_ (system account); create one under Personal access ' +
      'tokens in Konnect',
  },
  { name: 'PROXY', prompt: "your data plane's proxy URL", default: 'http://localhost:8000', secret: false },
  {
    name: 'KONNECT_SERVER_URL',
    prompt: 'Konnect API URL for your region',
    default: 'https://us.api.konghq.com',
    secret: false,
  },
  { name: 'CONTROL_PLANE', prompt: 'control plane name', default: 'kong-workshop', secret: false },
  {
    name: 'UPSTREAM',
    prompt: 'an upstream URL your data plane can reach, for the lessons’ service',
    default: 'http://httpbin.konghq.com/anything',
    secret: false,
  },
];

/** A Konnect control plane with a data plane whose proxy this machine can reach. */
export const konnectTarget: Target = {
  name: 'konnect',
  summary: 'a Konnect control plane and a data plane proxy (KONNECT_TOKEN in the environment, --var PROXY=…)',
  inputs,
  async prepare({ vars, log }) {
    const [token, proxy, serverUrl, controlPlane, upstream] = inputs.map((input) =>
      requireInput(input, vars, 'konnect'),
    ) as [string, string, string, string, string];
    try {
      parseTargetUrl('PROXY', proxy);
      parseTargetUrl('KONNECT_SERVER_URL', serverUrl);
    } catch (error) {
      throw new TargetError(
        'invalid-input',
        errorMessage(error),
        'pass --var PROXY=http://host:8000 (and --var KONNECT_SERVER_URL=https://eu.api.konghq.com outside the US ' +
          'region)',
      );
    }
    log(`checking the data plane proxy at ${proxy}…`);
    const probe = await probeHttp(proxy);
    if (!probe.reachable) {
      throw new TargetError(
        'unreachable',
        `cannot reach the data plane proxy at ${proxy} (${probe.reason})`,
        'is your data plane running and connected? Pass its URL with --var PROXY=…',
      );
    }
    return {
      name: 'konnect',
      vars: {
        PROXY: proxy.replace(/\/$/, ''),
        KONNECT_TOKEN: token,
        KONNECT_SERVER_URL: serverUrl.replace(/\/$/, ''),
        CONTROL_PLANE: controlPlane,
        UPSTREAM: upstream,
      },
      secrets: [token],
      env: {},
      description: `Konnect control plane ${controlPlane}, data plane at ${proxy}`,
      async close() {},
    };
  },
};
