import { FaultError } from '../shared/index.js';
/**
 * A demo that cannot go ahead as asked: a `--from` that names nothing, a recording that is not
 * asciicast v2. Carries a stable code and a hint, like every fault in kong-workshop.
 */
export class DemoError extends FaultError {}
