export {
  loadProgress,
  saveProgress,
  listProgress,
  emptyProgress,
  type LessonProgress,
  type ProgressLoad,
  type StepRecord,
} from './store.js';
export { loadCredentials, saveCredential } from './credentials.js';
