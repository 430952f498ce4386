import type { KubeLabStarter } from '@kong-workshop/sandbox';
import { writeKubeconfig } from './kubeconfig.js';
import { startKubeLab } from './lab.js';

export { startKubeLab, type KubeLabOptions, type RunningKubeLab } from './lab.js';

/**
 * The lab as the sandbox runs it: `startSandbox({ kubeLab: kubeLab({ port: 0 }) })`. It shares the
 * sandbox's state folder and token, and writes a kind-style kubeconfig when the sandbox advertises itself.
 */
export function kubeLab(options: { readonly port?: number } = {}): KubeLabStarter {
  return async (host) => {
    const lab = await startKubeLab({ ...host, port: options.port });
    const kubeconfig = host.advertise
      ? writeKubeconfig(host.sandboxDir, {
          server: lab.url,
          caCert: lab.caCert,
          token: host.konnectToken,
        })
      : undefined;
    return {
      url: lab.url,
      kubeconfig,
      flush: () => lab.flush(),
      reset: () => lab.reset(),
      pauseSync: (paused) => lab.pauseSync(paused),
      stop: () => lab.stop(),
    };
  };
}
