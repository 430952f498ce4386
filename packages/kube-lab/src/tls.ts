import { ensureSelfSignedTls, type TlsIdentity } from '@kong-workshop/common';
import { labCertPath, labKeyPath } from './paths.js';

/** The lab API's TLS identity: a self-signed certificate for 127.0.0.1 and localhost. */
export type LabTls = TlsIdentity;

/**
 * Reads the lab's key and certificate from the state folder, or makes them once (EC P-256,
 * ten years). They outlive restarts so a kubeconfig written earlier keeps working. TLS is
 * not decoration here: kubectl (client-go) never sends a bearer token over plain http.
 */
export function ensureLabTls(sandboxDir: string, now: Date = new Date()): LabTls {
  return ensureSelfSignedTls(labKeyPath(sandboxDir), labCertPath(sandboxDir), 'kong-workshop sandbox kube-lab', now);
}
