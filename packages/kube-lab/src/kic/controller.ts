import type { Store } from '@kong-workshop/sandbox/extension';
import { pruneEvents, recordEvent } from '../events.js';
import { kindOf, type KindInfo } from '../kinds.js';
import { stableJson, type Change, type ObjectStore } from '../object-store.js';
import type { LabCondition, LabObject } from '../types.js';
import { ClusterView, KINDS, objectKey, type ResourceFailure } from './context.js';
import { ensureProgrammedCondition, type ConfigurationStatus } from './conditions.js';
import { applyToGateway } from './gateway.js';
import { updateGatewayApiStatus } from './route-status.js';
import { translateCluster } from './translate.js';
import { errorStack } from '@kong-workshop/common';

export interface KicControllerOptions {
  readonly store: ObjectStore;
  /** The sandbox's gateway configuration, which the controller keeps in line with the objects. */
  readonly gateway: Store;
  /** Host names of Kong services the echo upstream answers for. */
  readonly setEchoHosts: (hosts: ReadonlySet<string>) => void;
  readonly log: (line: string) => void;
}

// client-go's event source for KIC's data-plane client (internal/manager/consts KongClientEventRecorderComponentName).
const COMPONENT = 'kong-client';
const WATCHED = new Set<KindInfo>(Object.values(KINDS));
// KIC batches changes and pushes configuration every few seconds; the lab waits a moment so a
// multi-document apply becomes one sync, then pushes at once.
const DEBOUNCE_MS = 25;

/**
 * Kong Ingress Controller in the lab: on every change of an object it reads, translate the
 * cluster, load the result into the gateway (as KIC posts /config), then report status the way
 * KIC does: Programmed on KongConsumers, Gateway API statuses, and Warning events
 * (KongConfigurationTranslationFailed, KongConfigurationApplyFailed) on the objects at fault.
 */
export class KicController {
  private report = new Map<string, { generation: number; succeeded: boolean }>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private applying = false;
  private paused = false;
  private readonly unsubscribe: (() => void)[] = [];

  constructor(private readonly options: KicControllerOptions) {}

  start(): void {
    this.unsubscribe.push(this.options.store.onChange((change) => this.onObjectChange(change)));
    // KIC re-pushes its configuration periodically, so a configuration changed under it (a
    // `sandbox sync` that replaced everything) comes back; the lab does it when that happens.
    this.unsubscribe.push(this.options.gateway.onChange(() => !this.applying && this.schedule()));
    this.schedule();
  }

  stop(): void {
    clearTimeout(this.timer);
    for (const unsubscribe of this.unsubscribe.splice(0)) unsubscribe();
  }

  /** Resolves once every change so far has been synced. */
  async flush(): Promise<void> {
    while (this.timer || this.running) {
      if (this.timer) {
        clearTimeout(this.timer);
        this.timer = undefined;
        void this.run();
      }
      await this.running;
    }
  }

  /**
   * Stops (or resumes) pushing configuration to the gateway: while another target owns the gateway,
   * the lab's objects must not reach it. Resuming pushes at once, as a restarted KIC would.
   */
  pause(paused: boolean): void {
    this.paused = paused;
    if (!paused) this.schedule();
  }

  /** Forgets what was reported, as a restarted controller would (after a reset). */
  forget(): void {
    this.report.clear();
    this.schedule();
  }

  private onObjectChange(change: Change): void {
    if (!WATCHED.has(change.kind)) return;
    if (
      change.type === 'MODIFIED' &&
      change.previous &&
      withoutStatus(change.previous) === withoutStatus(change.object)
    )
      return;
    this.schedule();
  }

  private schedule(): void {
    if (this.timer || this.paused) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.run();
    }, DEBOUNCE_MS);
    this.timer.unref?.();
  }

  private run(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    const running: Promise<void> = Promise.resolve()
      .then(() => {
        do {
          this.again = false;
          this.sync();
        } while (this.again);
      })
      .catch((error: unknown) => this.options.log(`kube-lab: KIC sync failed: ${errorStack(error)}`))
      .finally(() => {
        if (this.running === running) this.running = undefined;
      });
    this.running = running;
    return running;
  }

  private sync(): void {
    if (this.paused) return;
    const { store, gateway } = this.options;
    const translation = translateCluster(store);
    this.recordFailures(translation.failures, 'KongConfigurationTranslationFailed');
    this.applying = true;
    let applied: ReturnType<typeof applyToGateway>;
    try {
      applied = applyToGateway(gateway, translation.config, (tags) => this.objectByTags(tags));
    } finally {
      this.applying = false;
    }
    if (!applied.ok) {
      this.recordFailures(applied.failures, 'KongConfigurationApplyFailed');
      // The messages go to the objects' events only: Kong's can quote credential keys.
      const objects = [
        ...new Set(
          applied.failures.flatMap((f) =>
            f.objects.map(
              (o) => `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`,
            ),
          ),
        ),
      ];
      this.options.log(
        `kube-lab: the gateway refused the configuration; the last good one stays (see the events of ` +
          `${objects.join(', ') || 'the objects'})`,
      );
      return;
    }
    this.options.setEchoHosts(translation.echoHosts);
    const report = new Map<string, { generation: number; succeeded: boolean }>();
    for (const object of translation.configured)
      report.set(objectKey(object), { generation: object.metadata.generation ?? 0, succeeded: true });
    for (const failure of translation.failures)
      for (const object of failure.objects)
        report.set(objectKey(object), { generation: object.metadata.generation ?? 0, succeeded: false });
    this.report = report;
    this.updateStatuses();
    pruneEvents(store, (involved) => this.exists(involved));
  }

  private statusOf(object: LabObject): ConfigurationStatus {
    const entry = this.report.get(objectKey(object));
    if (!entry || entry.generation < (object.metadata.generation ?? 0)) return 'Unknown';
    return entry.succeeded ? 'Succeeded' : 'Failed';
  }

  private updateStatuses(): void {
    const view = new ClusterView(this.options.store);
    for (const consumer of view.list('kongConsumer')) {
      if (!view.matchesClassAnnotation(consumer)) continue;
      const status = (consumer.status as { conditions?: LabCondition[] } | undefined) ?? {};
      const conditions = ensureProgrammedCondition(
        this.statusOf(consumer),
        consumer.metadata.generation ?? 1,
        status.conditions ?? [],
      );
      if (conditions) this.options.store.update(KINDS.kongConsumer, { ...consumer, status: { ...status, conditions } });
    }
    // KongConsumerGroup gets the same Programmed condition (zz_generated.controllers.go).
    for (const group of view.list('kongConsumerGroup')) {
      if (!view.matchesClassAnnotation(group)) continue;
      const status = (group.status as { conditions?: LabCondition[] } | undefined) ?? {};
      const conditions = ensureProgrammedCondition(
        this.statusOf(group),
        group.metadata.generation ?? 1,
        status.conditions ?? [],
      );
      if (conditions)
        this.options.store.update(KINDS.kongConsumerGroup, { ...group, status: { ...status, conditions } });
    }
    updateGatewayApiStatus(view, (object) => this.statusOf(object));
  }

  private recordFailures(failures: readonly ResourceFailure[], reason: string): void {
    const seen = new Set<string>();
    for (const failure of failures) {
      for (const object of failure.objects) {
        const key = `${objectKey(object)}|${failure.message}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const current = this.current(object);
        if (current) recordEvent(this.options.store, current, 'Warning', reason, failure.message, COMPONENT);
      }
    }
  }

  private current(object: LabObject): LabObject | undefined {
    const kind = kindOf(object.apiVersion, object.kind);
    return kind && this.options.store.get(kind, object.metadata.namespace, object.metadata.name);
  }

  /** The object an entity's KIC tags name (how KIC maps Kong's flattened errors to objects). */
  private objectByTags(tags: readonly string[]): LabObject | undefined {
    const tag = (prefix: string) => tags.find((t) => t.startsWith(prefix))?.slice(prefix.length);
    const kindName = tag('k8s-kind:');
    const group = tag('k8s-group:');
    const version = tag('k8s-version:');
    const name = tag('k8s-name:');
    if (!kindName || !version || !name) return undefined;
    const kind = kindOf(group ? `${group}/${version}` : version, kindName);
    return kind && this.options.store.get(kind, tag('k8s-namespace:'), name);
  }

  private exists(involved: Record<string, unknown>): boolean {
    const kind = kindOf(String(involved.apiVersion), String(involved.kind));
    const object =
      kind && this.options.store.get(kind, involved.namespace as string | undefined, String(involved.name));
    return object !== undefined && object.metadata.uid === involved.uid;
  }
}

function withoutStatus(object: LabObject): string {
  const { status: _status, metadata, ...rest } = object;
  const { resourceVersion: _rv, managedFields: _mf, ...meta } = metadata;
  return stableJson({ ...rest, metadata: meta });
}
