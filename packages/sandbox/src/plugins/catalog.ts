import { correlationId } from './correlation-id.js';
import { cors } from './cors.js';
import type { PluginDefinition } from './definition.js';
import { ipRestriction } from './ip-restriction.js';
import { proxyCache } from './proxy-cache.js';
import { rateLimitingAdvanced } from './rate-limiting-advanced.js';
import { requestTransformer } from './request-transformer.js';
import { responseTransformer } from './response-transformer.js';

/**
 * Plugins defined in one file each (plugins/definition.ts): one line here registers a plugin's
 * priority, schema and handler with the sandbox.
 */
export const MORE_PLUGINS = {
  'correlation-id': correlationId,
  cors,
  'ip-restriction': ipRestriction,
  'request-transformer': requestTransformer,
  'response-transformer': responseTransformer,
  'proxy-cache': proxyCache,
  'rate-limiting-advanced': rateLimitingAdvanced,
} as const satisfies Record<string, PluginDefinition>;

export type MorePluginName = keyof typeof MORE_PLUGINS;
