import { isRecord } from '@kong-workshop/common';
import { BlockList, isIP } from 'node:net';
import type { StringSpec } from '../schema/engine.js';
import { configOf, type PluginDefinition } from './definition.js';

// kong/plugins/ip-restriction/{handler,schema}.lua (3.9.1): priority 990. deny is checked first, then
// allow; a match on deny, or no match on allow, answers kong.response.error(status or 403,
// message or "IP address not allowed: <remote_addr>"). The address is the socket's (remote_addr).

interface IpRestrictionConfig {
  readonly allow: readonly string[] | null;
  readonly deny: readonly string[] | null;
  readonly status: number | null;
  readonly message: string | null;
}

/** typedefs.ip_or_cidr: an IPv4/IPv6 address or a CIDR range. */
function parseIpOrCidr(
  value: string,
): { address: string; prefix: number | undefined; family: 'ipv4' | 'ipv6' } | undefined {
  const [address = '', prefixText, ...rest] = value.split('/');
  const version = isIP(address);
  if (!version || rest.length) return undefined;
  const family = version === 4 ? 'ipv4' : 'ipv6';
  if (prefixText === undefined) return { address, prefix: undefined, family };
  const prefix = Number(prefixText);
  const max = version === 4 ? 32 : 128;
  return /^\d+$/.test(prefixText) && prefix <= max ? { address, prefix, family } : undefined;
}

const ipOrCidr: StringSpec = {
  type: 'string',
  validate: (value: string) => (parseIpOrCidr(value) ? undefined : `invalid ip or cidr range: '${value}'`),
};

// One BlockList per list, built on first use and kept as long as the configuration (like handler.lua's lrucache).
const matchers = new WeakMap<readonly string[], BlockList>();

function matches(list: readonly string[], ip: string): boolean {
  let matcher = matchers.get(list);
  if (!matcher) {
    matcher = new BlockList();
    for (const entry of list) {
      const parsed = parseIpOrCidr(entry);
      if (!parsed) continue;
      if (parsed.prefix === undefined) matcher.addAddress(parsed.address, parsed.family);
      else matcher.addSubnet(parsed.address, parsed.prefix, parsed.family);
    }
    matchers.set(list, matcher);
  }
  const family = isIP(ip) === 6 ? 'ipv6' : 'ipv4';
  return matcher.check(ip, family);
}

const isSet = (list: readonly string[] | null): list is readonly string[] => Array.isArray(list) && list.length > 0;

export const ipRestriction: PluginDefinition = {
  priority: 990,
  config: {
    type: 'record',
    required: true,
    fields: {
      allow: { type: 'array', elements: ipOrCidr },
      deny: { type: 'array', elements: ipOrCidr },
      status: { type: 'number' },
      message: { type: 'string' },
    },
  },
  checks: [
    (plugin) => {
      const config = isRecord(plugin.config) ? plugin.config : {};
      const set = (name: string) => Array.isArray(config[name]) && config[name].length > 0;
      return set('allow') || set('deny')
        ? undefined
        : { entity: ["at least one of these fields must be non-empty: 'config.allow', 'config.deny'"] };
    },
  ],
  access(ctx, plugin) {
    const conf = configOf<IpRestrictionConfig>(plugin);
    const ip = ctx.clientIp;
    const blocked = (isSet(conf.deny) && matches(conf.deny, ip)) || (isSet(conf.allow) && !matches(conf.allow, ip));
    if (!blocked) return undefined;
    return { status: conf.status ?? 403, message: conf.message ?? `IP address not allowed: ${ip}` };
  },
};
