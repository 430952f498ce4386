import { FaultError } from '@kong-workshop/common';
/** A sandbox fault (could not start, not running, refused a request), with a stable code and a hint. */
export class SandboxError extends FaultError {}
