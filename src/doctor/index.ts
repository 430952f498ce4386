/** `kong-workshop doctor`: what a target needs on this machine and in its cluster, with fixes. */
export { runDoctor } from './run.js';
export { renderDoctorText, summarizeDoctor, type RenderOptions } from './render.js';
export type { Platform } from './install.js';
export type { DoctorItem, DoctorOptions, DoctorReport, DoctorStatus } from './types.js';
