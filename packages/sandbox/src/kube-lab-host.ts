import type { Store } from './store/store.js';

/** What the gateway hands a Kubernetes lab that runs beside it in the same process. */
export interface KubeLabHost {
  /** The sandbox's state folder: the lab keeps its objects, certificate and kubeconfig there. */
  readonly sandboxDir: string;
  /** Required as a bearer token when set (the sandbox's auth); undefined leaves the API open. */
  readonly authToken: string | undefined;
  /**
   * Other bearer tokens the Admin API accepts (a browser login's access tokens): the lab takes them too, so
   * a tool that found the stored login is not refused by one API and accepted by the other.
   */
  readonly acceptsToken?: (token: string) => boolean;
  /** The token the lab's operator accepts as a valid Konnect token, and its organization. */
  readonly konnectToken: string;
  readonly organizationId: string;
  /** The gateway's configuration, which the lab's ingress controller keeps in line. */
  readonly gateway: Store;
  /** Start with the controller's pushes paused (the sandbox target owns the gateway; see owner.ts). */
  readonly syncPaused?: boolean;
  /** Hostnames the proxy answers as the in-process echo upstream (the lab's Services). */
  readonly setEchoHosts: (hosts: ReadonlySet<string>) => void;
  /** Load saved objects at start and save every change. */
  readonly persist: boolean;
  /** Write files other processes use to find the lab (its kubeconfig). */
  readonly advertise: boolean;
  readonly log: (line: string) => void;
}

/** A lab attached to a running sandbox. */
export interface AttachedKubeLab {
  /** `https://127.0.0.1:<port>` */
  readonly url: string;
  /** The kubeconfig written for it (mode 0600), when the sandbox advertises itself. */
  readonly kubeconfig: string | undefined;
  /** Resolves once every change so far is synced to the gateway and saved. */
  flush(): Promise<void>;
  /** Back to a fresh cluster. */
  reset(): void;
  /** Stops (true) or resumes (false) the lab's pushes to the gateway: another target owns it meanwhile. */
  pauseSync(paused: boolean): void;
  stop(): Promise<void>;
}

export type KubeLabStarter = (host: KubeLabHost) => Promise<AttachedKubeLab>;
