export {
  loadProgress,
  saveProgress,
  listProgress,
  emptyProgress,
  type LessonProgress,
  type ProgressLoad,
  type StepRecord,
} from './store.js';
export { loadCredentials, saveCredential, replaceCredentials, credentialsUnder } from './credentials.js';
