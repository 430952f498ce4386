/** The Kubernetes kinds lessons use, so `resource: KongConsumer/alex` needs no apiVersion. */
export const KNOWN_KINDS: Readonly<Record<string, { readonly apiVersion: string; readonly namespaced: boolean }>> = {
  Secret: { apiVersion: 'v1', namespaced: true },
  Service: { apiVersion: 'v1', namespaced: true },
  Deployment: { apiVersion: 'apps/v1', namespaced: true },
  Ingress: { apiVersion: 'networking.k8s.io/v1', namespaced: true },
  HTTPRoute: { apiVersion: 'gateway.networking.k8s.io/v1', namespaced: true },
  KongPlugin: { apiVersion: 'configuration.konghq.com/v1', namespaced: true },
  KongClusterPlugin: { apiVersion: 'configuration.konghq.com/v1', namespaced: false },
  KongConsumer: { apiVersion: 'configuration.konghq.com/v1', namespaced: true },
  KonnectAPIAuthConfiguration: { apiVersion: 'konnect.konghq.com/v1alpha1', namespaced: true },
  KonnectExtension: { apiVersion: 'konnect.konghq.com/v1alpha2', namespaced: true },
};

/** The canonical spelling of a known kind, accepting kubectl's lower case (`kongconsumer`). */
export function knownKind(kind: string): string | undefined {
  const lower = kind.toLowerCase();
  return Object.keys(KNOWN_KINDS).find((known) => known.toLowerCase() === lower);
}

/** Kong Ingress Controller never writes status on these, so no condition ever appears. */
export const KINDS_WITHOUT_CONDITIONS: readonly string[] = ['KongPlugin', 'KongClusterPlugin'];
