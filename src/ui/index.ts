/**
 * The workshop TUI (ink and react). Loaded only by the interactive entry points, with a
 * dynamic import: headless commands never load it. This entry stays light: ink itself loads
 * only in runWorkshopUi, after the first frame is already on screen.
 */
import type { DemoStore } from './demo/demo-store.js';
import type { WorkshopStore } from './workshop-actions.js';
import type { ClassView, LearnerNews } from '../class/index.js';

export { firstFrameText } from './first-frame.js';
export { earlyHomeMoves } from './early-home-keys.js';
export { initialSelection } from './home-lines.js';
export type { WorkshopStore, WorkshopActions } from './workshop-actions.js';
export type { DemoStore } from './demo/demo-store.js';

export interface WorkshopUiOptions {
  readonly workshop: WorkshopStore;
  readonly version: string;
  /** Colour on (a terminal without NO_COLOR) or off; icons and words carry every status either way. */
  readonly color: boolean;
  readonly stdout?: NodeJS.WriteStream;
  readonly stdin?: NodeJS.ReadStream;
  /** Quit as soon as ink's first frame is on screen (start-up benchmarks). */
  readonly exitAfterFirstFrame?: boolean;
  /** Exit (hard) as soon as ink reads the terminal (the start-up benchmark's "taking keys"). */
  readonly exitWhenTakingKeys?: boolean;
  /** Once the app reads keys (the first time it mounts): work that can wait until then. */
  readonly afterMount?: () => void;
  /** The class this learner joined: a line above the workshop, and `!` raises a hand. */
  readonly classLink?: ClassLink;
  /** Where the home screen's cursor is when the app mounts: keys moved it on the first frame. */
  readonly homeSelection?: () => number;
}

/** What the workshop's face needs of the class: who we are in it, its news, a hand to raise. */
export interface ClassLink {
  readonly className: string;
  readonly name: string;
  readonly news: LearnerNews | undefined;
  readonly connected: boolean;
  onChange(listener: () => void): () => void;
  raiseHand(up: boolean): void;
}

/** Runs the TUI until the learner quits (progress saved, sessions closed). */
export async function runWorkshopUi(options: WorkshopUiOptions): Promise<void> {
  const { mountApp } = await import('./run-app.js');
  await mountApp(options);
}

export interface DemoUiOptions {
  readonly demo: DemoStore;
  readonly color: boolean;
  /** `--record` is on: the header shows it. */
  readonly recording: boolean;
  /** Where frames go; demo mode passes a stream that also feeds the recording. */
  readonly stdout?: NodeJS.WriteStream;
  readonly stdin?: NodeJS.ReadStream;
}

/** Runs the instructor demo's presenter view until the presenter quits. */
export async function runDemoUi(options: DemoUiOptions): Promise<void> {
  const { mountDemo } = await import('./demo/run-demo.js');
  await mountDemo(options);
}

export { classSnapshotText } from './class/class-lines.js';

export interface ClassUiOptions {
  /** Starts following the class; returns how to stop. */
  readonly follow: (onView: (view: ClassView | undefined) => void) => () => void;
  readonly url: string;
  readonly color: boolean;
}

/** Runs the instructor's terminal view of the class until the instructor quits. */
export async function runClassUi(options: ClassUiOptions): Promise<void> {
  const { mountClass } = await import('./class/run-class.js');
  await mountClass(options);
}
