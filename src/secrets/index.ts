export { Redactor, MASK } from './redactor.js';
