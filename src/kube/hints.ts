/**
 * What to install when the cluster does not know a kind the lessons use. Commands are the ones
 * Kong's docs give (developer.konghq.com: prereqs/products/kic.md and operator.md).
 */
const INSTALL_BY_GROUP: Readonly<Record<string, string>> = {
  'configuration.konghq.com':
    'install Kong Ingress Controller, which brings these CRDs: `helm repo add kong https://charts.konghq.com && helm ' +
    'repo update && helm install kong kong/ingress -n kong --create-namespace`',
  // --wait: the operator's validating webhooks fail closed, so resources applied before its pod
  // serves them are rejected (charts/kong-operator/templates/validating-webhook.yaml).
  'konnect.konghq.com':
    'install Kong operator with its Konnect controllers: `helm upgrade --install kong-operator kong/kong-operator -n ' +
    'kong-system --create-namespace --set env.ENABLE_CONTROLLER_KONNECT=true --wait`',
  'gateway.networking.k8s.io':
    'install the Gateway API CRDs: `kubectl apply -f ' +
    'https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.2.0/standard-install.yaml`',
};

/** One line on how to get the CRDs of an API group installed. */
export function installHintForGroup(group: string): string {
  return (
    INSTALL_BY_GROUP[group] ?? `install the CRDs of ${group} (\`kubectl get crds | grep ${group}\` shows what is there)`
  );
}

export const INSTALL_KIC =
  'helm repo add kong https://charts.konghq.com && helm repo update && helm install kong kong/ingress -n kong ' +
  '--create-namespace';
