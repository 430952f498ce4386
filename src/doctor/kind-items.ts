import { request } from 'undici';
import {
  connectKube,
  currentContextOf,
  INSTALL_KIC,
  installHintForGroup,
  isKubeError,
  isPodReady,
  type KubeClient,
  type KubeObject,
} from '../kube/index.js';
import { kindSettings, kindTarget, TargetError, type KindSettings } from '../targets/index.js';
import type { DoctorItem } from './types.js';
import { errorMessage } from '../shared/index.js';

/** The CRDs the bundled lessons use; the Konnect one only matters for the Konnect lesson. */
const LESSON_CRDS: readonly LessonCrd[] = [
  { group: 'configuration.konghq.com', version: 'v1', kind: 'KongPlugin', plural: 'kongplugins', required: true },
  { group: 'configuration.konghq.com', version: 'v1', kind: 'KongConsumer', plural: 'kongconsumers', required: true },
  {
    group: 'konnect.konghq.com',
    version: 'v1alpha1',
    kind: 'KonnectAPIAuthConfiguration',
    plural: 'konnectapiauthconfigurations',
    required: false,
  },
];

interface LessonCrd {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly plural: string;
  readonly required: boolean;
}

/**
 * The cluster side of the kind target: context reachable, Kong pods ready, CRDs installed,
 * proxy answering. Later items need the cluster, so they are left out when it is unreachable.
 */
export async function kindItems(
  settingsInput: Readonly<Record<string, string | undefined>>,
  env: NodeJS.ProcessEnv,
  signal?: AbortSignal,
): Promise<DoctorItem[]> {
  const settings = kindSettings(settingsInput, env);
  const reached = await contextItem(settings, signal);
  if (!reached.client) return [reached.item];
  const [pods, crds] = await Promise.all([
    podsItem(reached.client, settings.namespace, signal),
    Promise.all(LESSON_CRDS.map((crd) => crdItem(reached.client!, crd, signal))),
  ]);
  return [reached.item, kubectlContextItem(settings), pods, ...crds, await proxyItem(settingsInput, settings)];
}

async function contextItem(
  settings: KindSettings,
  signal?: AbortSignal,
): Promise<{ item: DoctorItem; client?: KubeClient }> {
  const base = { id: 'kube-context', title: 'Kubernetes cluster', required: true };
  try {
    const client = await connectKube({
      kubeconfig: settings.kubeconfig,
      context: settings.context,
      namespace: settings.namespace,
    });
    const { gitVersion } = await client.version({ signal, timeoutMs: 5000 });
    return {
      client,
      item: {
        ...base,
        status: 'pass',
        detail: `context ${settings.context} at ${client.server} (Kubernetes ${gitVersion})`,
      },
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    let fix = isKubeError(error) ? error.hint : 'run `kubectl cluster-info` to see what kubectl makes of it';
    if (isKubeError(error, 'kube-config') || isKubeError(error, 'kube-context-missing'))
      fix = `kind create cluster --name ${settings.cluster}   # or pick an existing one with --cluster / --context`;
    if (isKubeError(error, 'kube-unreachable'))
      fix =
        `docker start ${settings.cluster}-control-plane   # if \`kind get clusters\` lists ${settings.cluster}; ` +
        `otherwise \`kind create cluster --name ${settings.cluster}\``;
    return { item: { ...base, status: 'fail', detail: message, fix } };
  }
}

// Lesson commands run plain `kubectl`, which uses the kubeconfig's current context.
function kubectlContextItem(settings: KindSettings): DoctorItem {
  const current = currentContextOf(settings.kubeconfig);
  const base = { id: 'kubectl-context', title: 'kubectl context', required: false };
  if (current === settings.context)
    return { ...base, status: 'pass', detail: `${current}, the same cluster the checks use` };
  return {
    ...base,
    status: 'warn',
    detail:
      `kubectl uses ${current ?? '(no current context)'}, but the checks use ${settings.context}: lesson ` +
      `commands would change another cluster`,
    fix: `kubectl config use-context ${settings.context}`,
  };
}

async function podsItem(client: KubeClient, namespace: string, signal?: AbortSignal): Promise<DoctorItem> {
  const base = { id: 'kong-pods', title: 'Kong pods', required: true };
  try {
    const { items } = await client.list({ apiVersion: 'v1', kind: 'Pod', namespace }, { signal });
    if (items.length === 0)
      return {
        ...base,
        status: 'fail',
        detail: `no pods in namespace ${namespace}: Kong is not installed there`,
        fix: INSTALL_KIC,
      };
    const waiting = items.filter((pod) => !isPodReady(pod));
    if (waiting.length === 0)
      return {
        ...base,
        status: 'pass',
        detail: `${items.length} ready in ${namespace} (${items.map(podName).join(', ')})`,
      };
    return {
      ...base,
      status: 'fail',
      detail:
        `${items.length - waiting.length} of ${items.length} ready in ${namespace}; waiting: ` +
        `${waiting.map((pod) => `${podName(pod)} (${whyNotReady(pod)})`).join(', ')}`,
      fix:
        `kubectl wait --for=condition=Ready pod --all -n ${namespace} --timeout=180s   # \`kubectl describe pod ` +
        `-n ${namespace} ${podName(waiting[0]!)}\` says why it is stuck`,
    };
  } catch (error) {
    return {
      ...base,
      status: 'fail',
      detail: errorMessage(error),
      fix: isKubeError(error) ? error.hint : `kubectl get pods -n ${namespace}`,
    };
  }
}

async function crdItem(client: KubeClient, crd: LessonCrd, signal?: AbortSignal): Promise<DoctorItem> {
  const name = `${crd.plural}.${crd.group}`;
  const base = { id: `crd:${name}`, title: `${crd.kind} CRD`, required: crd.required };
  const missing = (): DoctorItem => ({
    ...base,
    status: crd.required ? 'fail' : 'warn',
    detail: `${name} is not installed${crd.required ? '' : ' (only the Konnect lesson needs it)'}`,
    fix: installHintForGroup(crd.group).replace(/^install/, 'Install'),
  });
  try {
    const { object } = await client.get(
      { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', name },
      { signal },
    );
    if (!object) return missing();
    const conditions =
      (object.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? [];
    if (!conditions.some((c) => c.type === 'Established' && c.status === 'True')) {
      return {
        ...base,
        status: 'warn',
        detail: `${name} exists but is not Established yet`,
        fix: `kubectl wait --for=condition=Established crd/${name} --timeout=60s`,
      };
    }
    const versions = ((object.spec as { versions?: { name: string; served?: boolean }[] } | undefined)?.versions ?? [])
      .filter((v) => v.served !== false)
      .map((v) => v.name);
    return { ...base, status: 'pass', detail: `${name} (${versions.join(', ')})` };
  } catch (error) {
    if (!isKubeError(error, 'kube-forbidden'))
      return {
        ...base,
        status: 'fail',
        detail: errorMessage(error),
        fix: isKubeError(error) ? error.hint : 'kubectl get crds',
      };
    // Reading CRDs takes a cluster-wide right that discovery does not: ask discovery instead.
    try {
      await client.resource(`${crd.group}/${crd.version}`, crd.kind, { signal });
      return { ...base, status: 'pass', detail: `${crd.kind} is served (${crd.group}/${crd.version})` };
    } catch {
      return missing();
    }
  }
}

async function proxyItem(
  input: Readonly<Record<string, string | undefined>>,
  settings: KindSettings,
): Promise<DoctorItem> {
  const base = { id: 'proxy', title: 'Kong proxy', required: true };
  let session: Awaited<ReturnType<typeof kindTarget.prepare>>;
  try {
    session = await kindTarget.prepare({
      vars: {},
      settings: { ...input, kubeconfig: input.kubeconfig ?? settings.kubeconfig, requireProxy: 'true' },
      log: () => {},
    });
  } catch (error) {
    return {
      ...base,
      status: 'fail',
      detail: errorMessage(error),
      fix: error instanceof TargetError ? error.hint : `kubectl get svc -n ${settings.namespace}`,
    };
  }
  try {
    const url = session.vars.PROXY!;
    const response = await request(url, { headersTimeout: 5000, bodyTimeout: 5000 });
    await response.body.dump();
    const server = response.headers.server ? `, server ${String(response.headers.server)}` : '';
    const how = session.description.split(`proxy ${url} `)[1] ?? '';
    return { ...base, status: 'pass', detail: `${url} answered ${response.statusCode}${server} ${how}`.trim() };
  } catch (error) {
    return {
      ...base,
      status: 'fail',
      detail: `${session.vars.PROXY} did not answer: ${errorMessage(error)}`,
      fix: `kubectl logs -n ${settings.namespace} -l app.kubernetes.io/name=gateway --tail=50`,
    };
  } finally {
    await session.close();
  }
}

function podName(pod: KubeObject): string {
  return pod.metadata?.name ?? '?';
}

function whyNotReady(pod: KubeObject): string {
  const status = pod.status as
    | {
        phase?: string;
        conditions?: { type: string; reason?: string }[];
        containerStatuses?: { state?: { waiting?: { reason?: string } } }[];
      }
    | undefined;
  const waiting = status?.containerStatuses?.map((c) => c.state?.waiting?.reason).find(Boolean);
  return waiting ?? status?.conditions?.find((c) => c.type === 'Ready')?.reason ?? status?.phase ?? 'not ready';
}
