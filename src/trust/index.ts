export { isBundledLesson, runsCommands, commandsOf, isRemembered, rememberTrust } from './trust.js';
