import type { ProxyContext, ShortCircuit } from '../proxy/context.js';

// kong/plugins/acl/handler.lua (3.9.1): allow or deny by the consumer's ACL groups, and tell the
// upstream which groups it has. `include_consumer_groups` (Kong Enterprise, imitated) counts the
// consumer's consumer-group names as ACL groups too.

export interface AclConfig {
  readonly allow: readonly string[] | null;
  readonly deny: readonly string[] | null;
  readonly hide_groups_header: boolean;
  readonly always_use_authenticated_groups: boolean;
  readonly include_consumer_groups: boolean;
}

const FORBIDDEN: ShortCircuit = { status: 403, message: 'You cannot consume this service' };
/** kong.response.error(401) without a message: the status text. */
const UNAUTHORIZED: ShortCircuit = { status: 401, message: 'Unauthorized' };

export function runAcl(ctx: ProxyContext, conf: AclConfig): ShortCircuit | undefined {
  const deny = conf.deny && conf.deny.length > 0 ? conf.deny : undefined;
  const listed = deny ?? conf.allow ?? [];
  const consumer = ctx.consumer;
  // No consumer and (in the sandbox) never authenticated groups: 403 with a credential, else 401.
  if (!consumer) return ctx.credential ? FORBIDDEN : UNAUTHORIZED;
  const groups =
    (conf.include_consumer_groups ? ctx.config.aclAndConsumerGroups : ctx.config.aclGroupsByConsumer).get(
      consumer.id,
    ) ?? [];
  if (groups.length === 0 && !deny) return ctx.credential ? FORBIDDEN : UNAUTHORIZED;
  const inGroup = listed.some((group) => groups.includes(group));
  if (deny ? inGroup : !inGroup) return FORBIDDEN;
  // Lua's "" is truthy: a deny-list consumer with no groups still sends an empty header.
  if (!conf.hide_groups_header) ctx.setHeader('X-Consumer-Groups', groups.join(', '));
  return undefined;
}
