import { parseTarget } from '../schema/upstreams.js';
import type { Entity } from '../schema/validate.js';
import { refId, type Snapshot } from '../store/store.js';
import type { CompiledService } from './compile.js';

// Upstreams and targets (kong/runloop/balancer): a service whose host names an upstream is sent to
// one of its targets. The sandbox balances round-robin by weight (nginx's smooth weighted
// round-robin: with equal weights the targets simply take turns), whatever the upstream's
// algorithm; it has no health checks, so every target with a weight above 0 is eligible.

interface Peer {
  readonly host: string;
  readonly port: number;
  readonly weight: number;
  current: number;
}

/** One upstream's targets and where the rotation stands. */
export class Balancer {
  private readonly peers: Peer[];
  private readonly total: number;

  constructor(
    readonly upstream: Entity,
    targets: readonly Entity[],
  ) {
    this.peers = targets.flatMap((t) => {
      const parsed = parseTarget(String(t.target));
      const weight = typeof t.weight === 'number' ? t.weight : 100;
      return parsed && weight > 0 ? [{ ...parsed, weight, current: 0 }] : [];
    });
    this.total = this.peers.reduce((sum, p) => sum + p.weight, 0);
  }

  /** The next peer, or undefined when there is none (Kong: 503 "failure to get a peer from the ring-balancer"). */
  next(): { host: string; port: number } | undefined {
    let best: Peer | undefined;
    for (const peer of this.peers) {
      peer.current += peer.weight;
      if (!best || peer.current > best.current) best = peer;
    }
    if (best) best.current -= this.total;
    return best;
  }
}

/** The balancers by upstream name (the host a service names), built once per configuration. */
export function compileUpstreams(snapshot: Snapshot): ReadonlyMap<string, Balancer> {
  const byUpstream = new Map<string, Entity[]>();
  for (const target of snapshot.targets) {
    const id = refId(target.upstream);
    if (id) byUpstream.set(id, [...(byUpstream.get(id) ?? []), target]);
  }
  return new Map(snapshot.upstreams.map((u) => [String(u.name), new Balancer(u, byUpstream.get(u.id) ?? [])]));
}

/**
 * The service as the balancer resolved it: the target's host and port, and the Host header
 * balancer.set_host_header sends (the upstream's host_header, else the target's host, with the
 * port unless it is the scheme's default).
 */
export function servicePeer(service: CompiledService, balancer: Balancer): CompiledService | undefined {
  const peer = balancer.next();
  if (!peer) return undefined;
  const name = typeof balancer.upstream.host_header === 'string' ? balancer.upstream.host_header : peer.host;
  const defaultPort = service.protocol === 'https' ? 443 : 80;
  return {
    ...service,
    host: peer.host,
    port: peer.port,
    hostHeader: peer.port === defaultPort ? name : `${name}:${peer.port}`,
  };
}
