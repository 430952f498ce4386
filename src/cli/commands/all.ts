// Every subcommand but `start`, in one module so that one file holds them all: `--help` and every
// command but the workshop register the whole list, and fifteen small files cost fifteen loads.
export { runCommand } from './run.js';
export { checkCommand } from './check.js';
export { envCommand } from './env.js';
export { cleanCommand } from './clean.js';
export { verifyCommand } from './verify.js';
export { demoCommand } from './demo.js';
export { sandboxCommand } from './sandbox.js';
export { kubeLabCommand } from './kube-lab.js';
export { lintCommand } from './lint.js';
export { importCommand } from './import.js';
export { newCommand } from './new.js';
export { doctorCommand } from './doctor.js';
export { classCommand } from './class.js';
export { completionCommand } from './completion.js';
