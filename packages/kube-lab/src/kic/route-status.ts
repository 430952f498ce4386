import { stableJson } from '../object-store.js';
import { isRecord, type LabCondition, type LabObject } from '../types.js';
import { KINDS, type ClusterView } from './context.js';
import { setCondition, type ConfigurationStatus } from './conditions.js';
import { KIC_GATEWAY_CONTROLLER, routeParents } from './httproute.js';
import { recordsOf } from '@kong-workshop/common';

// Gateway API statuses KIC writes: GatewayClass and Gateway Accepted/Programmed, and per parent
// of an HTTPRoute the Accepted, ResolvedRefs and Programmed conditions
// (internal/controllers/gateway/*_controller.go, route_utils.go).

export function updateGatewayApiStatus(view: ClusterView, statusOf: (object: LabObject) => ConfigurationStatus): void {
  const store = view.store;
  for (const gatewayClass of view.list('gatewayClass')) {
    if (!isRecord(gatewayClass.spec) || gatewayClass.spec.controllerName !== KIC_GATEWAY_CONTROLLER) continue;
    const generation = gatewayClass.metadata.generation ?? 1;
    writeConditions(view, gatewayClass, (c) => setCondition(c, condition('Accepted', 'True', 'Accepted', generation)));
  }
  for (const gateway of view.list('gateway')) {
    const className = isRecord(gateway.spec) ? gateway.spec.gatewayClassName : undefined;
    const gatewayClass = typeof className === 'string' ? view.get('gatewayClass', undefined, className) : undefined;
    if (!isRecord(gatewayClass?.spec) || gatewayClass.spec.controllerName !== KIC_GATEWAY_CONTROLLER) continue;
    const generation = gateway.metadata.generation ?? 1;
    writeConditions(view, gateway, (c) =>
      setCondition(
        setCondition(c, condition('Accepted', 'True', 'Accepted', generation)),
        condition('Programmed', 'True', 'Programmed', generation),
      ),
    );
  }
  for (const route of view.list('httpRoute')) {
    const parents = routeParents(view, route).filter((p) => p.accepted);
    if (parents.length === 0) continue;
    const generation = route.metadata.generation ?? 1;
    const status = statusOf(route);
    const missing = missingBackends(view, route);
    const previous = recordsOf(isRecord(route.status) ? route.status.parents : undefined);
    const ours = parents.map((parent) => {
      const before = previous.find((p) => stableJson(p.parentRef) === stableJson(parent.ref));
      let conditions = (before?.conditions as LabCondition[] | undefined) ?? [];
      conditions = setCondition(conditions, condition('Accepted', 'True', 'Accepted', generation));
      conditions = setCondition(
        conditions,
        missing
          ? condition('ResolvedRefs', 'False', 'BackendNotFound', generation, missing)
          : condition('ResolvedRefs', 'True', 'ResolvedRefs', generation),
      );
      if (status !== 'Unknown') {
        conditions = setCondition(
          conditions,
          status === 'Succeeded'
            ? condition('Programmed', 'True', 'ConfiguredInGateway', generation)
            : condition('Programmed', 'False', 'TranslationError', generation),
        );
      }
      return { parentRef: parent.ref, controllerName: KIC_GATEWAY_CONTROLLER, conditions };
    });
    const others = previous.filter((p) => p.controllerName !== KIC_GATEWAY_CONTROLLER);
    const next = { ...(isRecord(route.status) ? route.status : {}), parents: [...others, ...ours] };
    if (stableJson(next) !== stableJson(route.status)) store.update(KINDS.httpRoute, { ...route, status: next });
  }
}

function condition(
  type: string,
  status: 'True' | 'False',
  reason: string,
  observedGeneration: number,
  message = '',
): Omit<LabCondition, 'lastTransitionTime'> {
  return { type, status, reason, message, observedGeneration };
}

function writeConditions(
  view: ClusterView,
  object: LabObject,
  change: (conditions: LabCondition[]) => LabCondition[],
): void {
  const status = isRecord(object.status) ? object.status : {};
  const conditions = change(Array.isArray(status.conditions) ? (status.conditions as LabCondition[]) : []);
  const next = { ...status, conditions };
  if (stableJson(next) === stableJson(object.status)) return;
  view.store.update(object.kind === 'Gateway' ? KINDS.gateway : KINDS.gatewayClass, { ...object, status: next });
}

function missingBackends(view: ClusterView, route: LabObject): string | undefined {
  const rules = recordsOf(isRecord(route.spec) ? route.spec.rules : undefined);
  for (const rule of rules) {
    for (const backend of recordsOf(rule.backendRefs)) {
      const namespace = typeof backend.namespace === 'string' ? backend.namespace : route.metadata.namespace;
      if (!view.get('service', namespace, String(backend.name)))
        return `Service ${namespace}/${String(backend.name)} not found`;
    }
  }
  return undefined;
}
