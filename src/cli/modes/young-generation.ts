import { setFlagsFromString } from 'node:v8';

/**
 * V8 lets the young generation grow to 32 MB when a program allocates steadily, and an ink app
 * allocates a frame at a time: a third of the TUI's peak memory was idle young-generation space.
 * The maximum is fixed when node starts, but the growth factor is read each time new space would
 * grow, so capping growth keeps the young generation small; scavenges of it stay cheap.
 * For the interactive modes only: the sandbox and headless runs keep V8's defaults.
 */
export function keepYoungGenerationSmall(): void {
  setFlagsFromString('--semi-space-growth-factor=1');
}
