import { existsSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node';
import { KubeError } from './errors.js';
import { errorMessage } from '../shared/index.js';

type ClientNode = typeof import('@kubernetes/client-node');

/**
 * The kubeconfig kubectl would use: `$KUBECONFIG` (a list, like kubectl's) or ~/.kube/config.
 */
export function defaultKubeconfig(env: NodeJS.ProcessEnv = process.env): string {
  return env.KUBECONFIG?.trim() || join(env.HOME || homedir(), '.kube', 'config');
}

/** The files of a kubeconfig setting, which may be a `:`-separated list like `$KUBECONFIG`. */
function kubeconfigFiles(kubeconfig: string): string[] {
  return kubeconfig
    .split(delimiter)
    .map((file) => file.trim())
    .filter(Boolean);
}

/** Changes when any of the files changes, so a recreated cluster is not served from a stale cache. */
export function kubeconfigStamp(kubeconfig: string): string {
  return kubeconfigFiles(kubeconfig)
    .map((file) => {
      try {
        return `${file}@${statSync(file).mtimeMs}`;
      } catch {
        return `${file}@missing`;
      }
    })
    .join(delimiter);
}

const CREATE_CLUSTER_HINT =
  'create a kind cluster with `kind create cluster --name kind` (it writes ~/.kube/config), or point --kubeconfig / ' +
  'KUBECONFIG at yours';

/**
 * Loads and merges the kubeconfig files (the first file wins on conflicts, as with kubectl)
 * and selects `context`, or the file's current-context.
 */
export function loadKubeConfig(k8s: ClientNode, kubeconfig: string, context: string | undefined): KubeConfig {
  const files = kubeconfigFiles(kubeconfig).filter((file) => existsSync(file));
  if (files.length === 0)
    throw new KubeError('kube-config', `no kubeconfig found at ${kubeconfig}`, CREATE_CLUSTER_HINT);
  const config = new k8s.KubeConfig();
  try {
    config.loadFromFile(files[0]!);
    for (const file of files.slice(1)) {
      const other = new k8s.KubeConfig();
      other.loadFromFile(file);
      mergeMissing(config, other);
    }
  } catch (error) {
    throw new KubeError(
      'kube-config',
      `cannot read the kubeconfig ${files.join(', ')}: ${errorMessage(error)}`,
      'check the file is valid YAML (`kubectl config view` shows what kubectl makes of it)',
      { cause: error },
    );
  }
  const chosen = context ?? config.getCurrentContext();
  if (!chosen || !config.getContextObject(chosen)) {
    const known = config.getContexts().map((c) => c.name);
    throw new KubeError(
      'kube-context-missing',
      chosen ? `the kubeconfig has no context "${chosen}"` : 'the kubeconfig has no current context',
      `${known.length ? `it has: ${known.join(', ')}. ` : ''}${
        chosen?.startsWith('kind-')
          ? `create the cluster with \`kind create cluster --name ${chosen.slice(5)}\`, or `
          : ''
      }pick another with --context`,
    );
  }
  config.setCurrentContext(chosen);
  if (!config.getCurrentCluster()) {
    throw new KubeError(
      'kube-config',
      `context "${chosen}" points at a cluster that is not in the kubeconfig`,
      'run `kubectl config view` to see the broken entry; for kind, `kind export kubeconfig --name <cluster>` ' +
        'rewrites it',
    );
  }
  return config;
}

// kubectl's merge rule: the first file to define a name wins; later files only add.
function mergeMissing(into: KubeConfig, from: KubeConfig): void {
  const has = (list: readonly { name: string }[], name: string) => list.some((entry) => entry.name === name);
  into.clusters = [...into.clusters, ...from.clusters.filter((c) => !has(into.clusters, c.name))];
  into.users = [...into.users, ...from.users.filter((u) => !has(into.users, u.name))];
  into.contexts = [...into.contexts, ...from.contexts.filter((c) => !has(into.contexts, c.name))];
  if (!into.getCurrentContext() && from.getCurrentContext()) into.setCurrentContext(from.getCurrentContext());
}

/**
 * The current-context kubectl will use with this kubeconfig (the first file that sets one),
 * read without loading client-node.
 */
export function currentContextOf(kubeconfig: string): string | undefined {
  for (const file of kubeconfigFiles(kubeconfig)) {
    try {
      const match = /^current-context:[ \t]*["']?([^"'\r\n#]*?)["']?[ \t]*$/m.exec(readFileSync(file, 'utf8'));
      if (match?.[1]) return match[1];
    } catch {
      // unreadable files are reported by loadKubeConfig
    }
  }
  return undefined;
}
