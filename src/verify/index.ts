export {
  verifyLesson,
  type Verdict,
  type CheckVerification,
  type LessonVerification,
  type VerifyLessonOptions,
} from './verify.js';
export { renderVerifyReport, totalsOf, type VerifyReportFormat, type VerifyTotals } from './report.js';
