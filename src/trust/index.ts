export {
  isBundledLesson,
  isTrusted,
  markTrusted,
  isRemembered,
  rememberTrust,
} from './trust.js';
export {
  trustPlanOf,
  needsConsent,
  planLines,
  isTargetUrl,
  type TrustPlan,
  type PlannedRequest,
} from './plan.js';
export { requestRefusal, targetOrigins } from './requests.js';
export { confineWrite, isInside, type ConfinedPath } from './paths.js';
