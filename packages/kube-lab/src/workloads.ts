import { createHash, randomBytes } from 'node:crypto';
import { servedKind } from './kinds.js';
import { stableJson, type Change, type ObjectStore } from './object-store.js';
import { isRecord, timestamp, type LabObject } from './types.js';
import { recordsOf, stringMapOf } from '@kong-workshop/common';

const DEPLOYMENTS = servedKind('apps/v1', 'Deployment');
const PODS = servedKind('v1', 'Pod');

/**
 * Deployments in the lab roll out at once: nothing runs (the sandbox's echo answers for every
 * Service), but each Deployment gets ready pods and the status `kubectl rollout status` and a
 * `condition: Available` check wait for, so the lessons' setup steps read as on kind.
 */
export class WorkloadController {
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly store: ObjectStore,
    private readonly now: () => number = Date.now,
  ) {}

  start(): void {
    this.unsubscribe = this.store.onChange((change) => this.onChange(change));
    for (const deployment of this.store.list(DEPLOYMENTS)) this.reconcile(deployment);
  }

  stop(): void {
    this.unsubscribe?.();
  }

  private onChange(change: Change): void {
    if (change.kind !== DEPLOYMENTS) return;
    if (change.type === 'DELETED') {
      for (const pod of this.podsOf(change.object)) this.store.remove(PODS, pod.metadata.namespace, pod.metadata.name);
      return;
    }
    this.reconcile(change.object);
  }

  reconcile(input: LabObject): void {
    const deployment = this.store.get(DEPLOYMENTS, input.metadata.namespace, input.metadata.name);
    if (!deployment) return;
    const spec = isRecord(deployment.spec) ? deployment.spec : {};
    const replicas = typeof spec.replicas === 'number' ? spec.replicas : 1;
    const hash = createHash('sha256').update(stableJson(spec.template)).digest('hex').slice(0, 10);
    const replicaSet = `${deployment.metadata.name}-${hash}`;
    const current = this.podsOf(deployment);
    for (const pod of current) {
      if (pod.metadata.labels?.['pod-template-hash'] !== hash)
        this.store.remove(PODS, pod.metadata.namespace, pod.metadata.name);
    }
    const matching = current.filter((p) => p.metadata.labels?.['pod-template-hash'] === hash);
    for (const pod of matching.slice(replicas)) this.store.remove(PODS, pod.metadata.namespace, pod.metadata.name);
    for (let i = matching.length; i < replicas; i++) this.store.create(PODS, this.pod(deployment, replicaSet, hash));
    const status = {
      observedGeneration: deployment.metadata.generation ?? 1,
      ...(replicas
        ? { replicas, updatedReplicas: replicas, readyReplicas: replicas, availableReplicas: replicas }
        : {}),
      conditions: [
        condition(
          deployment,
          'Available',
          'MinimumReplicasAvailable',
          'Deployment has minimum availability.',
          this.now(),
        ),
        condition(
          deployment,
          'Progressing',
          'NewReplicaSetAvailable',
          `ReplicaSet "${replicaSet}" has successfully progressed.`,
          this.now(),
        ),
      ],
    };
    if (stableJson(status) !== stableJson(deployment.status)) this.store.update(DEPLOYMENTS, { ...deployment, status });
  }

  private podsOf(deployment: LabObject): LabObject[] {
    return this.store
      .list(PODS, deployment.metadata.namespace)
      .filter((p) =>
        p.metadata.ownerReferences?.some((o) => o.kind === 'Deployment' && o.name === deployment.metadata.name),
      );
  }

  private pod(deployment: LabObject, replicaSet: string, hash: string): LabObject {
    const template = isRecord(deployment.spec) && isRecord(deployment.spec.template) ? deployment.spec.template : {};
    const labels = isRecord(template.metadata) && stringMapOf(template.metadata.labels);
    const podSpec = isRecord(template.spec) ? template.spec : { containers: [] };
    const containers = recordsOf(podSpec.containers);
    const started = timestamp(this.now());
    return {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: `${replicaSet}-${randomBytes(3).toString('hex').slice(0, 5)}`,
        namespace: deployment.metadata.namespace,
        labels: { ...labels, 'pod-template-hash': hash },
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            name: deployment.metadata.name,
            uid: deployment.metadata.uid,
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
      },
      spec: { ...podSpec, nodeName: 'kind-control-plane' },
      status: {
        phase: 'Running',
        podIP: `10.244.0.${(randomBytes(1)[0]! % 200) + 20}`,
        startTime: started,
        conditions: ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map(
          (type) => ({ type, status: 'True', lastTransitionTime: started }),
        ),
        containerStatuses: containers.map((c) => ({
          name: c.name,
          image: c.image,
          ready: true,
          started: true,
          restartCount: 0,
          state: { running: { startedAt: started } },
        })),
      },
    };
  }
}

function condition(
  deployment: LabObject,
  type: string,
  reason: string,
  message: string,
  now: number,
): Record<string, unknown> {
  const previous = recordsOf(isRecord(deployment.status) ? deployment.status.conditions : undefined).find(
    (c) => c.type === type,
  );
  const since = previous?.status === 'True' ? (previous.lastTransitionTime as string) : timestamp(now);
  return {
    type,
    status: 'True',
    lastUpdateTime: previous?.message === message ? previous.lastUpdateTime : since,
    lastTransitionTime: since,
    reason,
    message,
  };
}
