// undici, behind a module of its own that LabClient loads on its first request: the client lives in
// the light entry (kinds, paths, kubeconfig), which the workshop's first frame reads.
import { Agent, request, type Dispatcher } from 'undici';

/** A dispatcher that trusts the lab's own certificate. */
export function tlsAgent(ca: string): Dispatcher {
  return new Agent({ connect: { ca } });
}

export { request };
