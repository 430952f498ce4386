import type { LessonRun } from '../engine/index.js';
// The lesson module's light entry: its index brings the parser (zod, yaml, marked), not needed before the first key.
import { toolRequirementsOn, type Lesson, type TargetName, type ToolRequirement } from '../lesson/model.js';
import { listProgress, loadCredentials, loadProgress } from '../progress/index.js';
import { lessonWorkdir, statePaths } from '../state/index.js';
import type { TargetSession } from '../targets/index.js';
import { catalogEntries, catalogItem, loadCatalog, type CatalogItem } from './catalog.js';
import { Dialogs } from './dialogs.js';
import {
  declaredVars,
  rememberSecrets,
  savedSecretExports,
  savedSecretsFor,
  secretsSavedElsewhere,
} from './lesson-secrets.js';
import { LessonSession } from './lesson-session.js';
import { earlierStatuses } from './progress-record.js';
import { connectTarget } from './target-connection.js';
import { trustLesson } from './trust-gate.js';
import { probeTargetStatus } from './target-status.js';
import type { LessonEntry, Notice, WorkshopState } from './types.js';
import { errorMessage } from '../shared/index.js';

export interface WorkshopOptions {
  /** The lessons on the home screen, in order. */
  readonly lessonFiles: readonly string[];
  readonly target: TargetName;
  /** --var values: lesson variables and target inputs. */
  readonly vars?: Readonly<Record<string, string>>;
  /** --secret values. */
  readonly secrets?: Readonly<Record<string, string>>;
  /** Target settings from flags; the sandbox runs as a background daemon unless they say otherwise. */
  readonly settings?: Readonly<Record<string, string | undefined>>;
  /** --trust: lessons that do not ship with kong-workshop run commands and send requests beyond the target unasked. */
  readonly trustAll?: boolean;
  /** --workdir: one folder for every lesson's files; default a folder per lesson and target. */
  readonly workdir?: string;
  /** The fixtures folder a lesson's {{FIXTURES}} points at. */
  readonly fixturesDirFor: (lessonFile: string) => string;
  /** One line from doctor for the home screen when something the target or lessons need is missing. */
  readonly diagnose?: (target: TargetName, requiredTools: readonly ToolRequirement[]) => Promise<string | undefined>;
  /** Sees every lesson run this workshop opens (the class reporter subscribes to its events). */
  readonly onRun?: (run: LessonRun) => void;
}

const STOPPING: Notice = { level: 'warning', text: 'stopping the running command…', hint: 'Ctrl-C again quits' };

export type WorkshopListener = (state: WorkshopState) => void;

/**
 * The guided workshop without its face: which lesson is open, one LessonRun per opened lesson,
 * the target session, trust, prompts, credentials and progress. The TUI subscribes to its state
 * and calls its actions; nothing here knows about ink.
 */
export class Workshop {
  private current: WorkshopState;
  private readonly listeners = new Set<WorkshopListener>();
  private readonly dialogs = new Dialogs(() => this.publish());
  private readonly sessions = new Map<string, LessonSession>();
  private catalog: CatalogItem[] = [];
  private targetSession: TargetSession | undefined;
  private openedFile: string | undefined;
  private opening = false;
  /** A lesson that could not open because the sandbox had stopped: it opens once R restarts it. */
  private pendingOpen: string | undefined;
  /** The sandbox this workshop connected to has stopped: R starts it again. */
  private restartable = false;
  private notifyQueued = false;
  /** Lessons whose latest progress save failed, and why: the goodbye line must not claim they were saved. */
  private readonly unsaved = new Map<string, string>();
  private base: Omit<WorkshopState, 'lesson' | 'dialog'>;

  private constructor(private readonly options: WorkshopOptions) {
    this.base = {
      screen: 'home',
      target: options.target,
      targets: [options.target],
      targetStatus: { state: 'checking', line: `checking the ${options.target} target…` },
      lessons: [],
      closed: false,
    };
    this.current = this.compose();
  }

  /** Reads the lessons and saved progress: everything the first screen shows. */
  static async create(options: WorkshopOptions): Promise<Workshop> {
    const workshop = new Workshop(options);
    workshop.catalog = await loadCatalog(options.lessonFiles);
    workshop.base = { ...workshop.base, lessons: catalogEntries(workshop.catalog, options.target) };
    workshop.current = workshop.compose();
    return workshop;
  }

  get state(): WorkshopState {
    return this.current;
  }

  /** Why some lesson's progress is not on disk (its latest save failed), or undefined when all of it is. */
  get unsavedProgress(): string | undefined {
    return [...this.unsaved.values()].at(-1);
  }

  subscribe(listener: WorkshopListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Looks at the target (and doctor) in the background; the home screen shows the answer when it comes. */
  async refreshStatus(): Promise<void> {
    const { availableTargets } = await import('../targets/index.js');
    const target = this.base.target;
    this.set({ targets: availableTargets().map((t) => t.name) });
    const [status, doctor] = await Promise.all([
      probeTargetStatus(target, { ...loadCredentials(), ...this.options.vars, ...this.options.secrets }),
      this.options.diagnose?.(target, this.requiredTools(target)).catch(() => undefined),
    ]);
    if (this.base.target === target) this.set({ targetStatus: status, doctor });
  }

  /** Switches the active target (home screen only): open lessons close, their progress saved. */
  async switchTarget(target: TargetName): Promise<void> {
    if (this.busyAnywhere() || target === this.base.target) return;
    await this.closeSessions();
    this.set({
      target,
      lessons: this.entries(target),
      targetStatus: { state: 'checking', line: `checking the ${target} target…` },
      doctor: undefined,
      notice: undefined,
    });
    await this.refreshStatus();
  }

  /** Opens a lesson: trust, target, variables, saved progress and the offer to re-check. */
  async openLesson(file: string): Promise<void> {
    if (this.opening || this.dialogs.open) return;
    this.set({ notice: undefined });
    const existing = this.sessions.get(file);
    if (existing) {
      if (!(await this.targetStillThere())) {
        this.pendingOpen = file;
        return;
      }
      this.openedFile = file;
      // Back in the same session: the earlier visit's results are put away, and the re-check offered.
      this.set({ screen: 'lesson', notice: existing.revisit() });
      return;
    }
    this.opening = true;
    try {
      // Parsed afresh: the file may have changed since the list was made.
      const parsed = await this.parse(file);
      if (!parsed) return;
      const { projectLesson } = await import('../lesson/index.js');
      const target = this.base.target;
      if (!parsed.targets.includes(target)) {
        return this.tell({
          level: 'warning',
          text: `“${parsed.title}” does not run on the ${target} target`,
          hint: `it runs on ${parsed.targets.join(', ')}: press t on the home screen to switch`,
        });
      }
      const secretNames = Object.keys(this.options.secrets ?? {});
      if (this.options.trustAll) (await import('../trust/index.js')).markTrusted(parsed.file);
      else if (!(await trustLesson(parsed, (dialog) => this.dialogs.ask(dialog), secretNames))) {
        return this.tell({ level: 'info', text: `“${parsed.title}” was not opened: nothing ran` });
      }
      if (!(await this.targetStillThere())) {
        this.pendingOpen = file;
        return;
      }
      const targetSession = await this.connect();
      if (!targetSession) return;
      const lesson = projectLesson(parsed, target);
      const session = await this.createSession(lesson, targetSession);
      this.sessions.set(file, session);
      this.openedFile = file;
      this.set({ screen: 'lesson', busy: undefined });
      const fault = await session.start();
      rememberSecrets(lesson.file, lesson.vars, (name) => session.value(name), this.options.secrets);
      if (fault) return this.tell({ level: 'error', text: fault.message, hint: fault.hint });
      const offer = session.resumeOffer();
      if (offer && (await this.dialogs.ask(offer))) this.tell(await session.recheck());
      else this.settled();
    } finally {
      this.opening = false;
      this.set({ busy: undefined });
    }
  }

  goHome(): void {
    const session = this.session();
    if (session?.busy && session.started) {
      this.tell({ level: 'warning', text: 'a step is running', hint: 'Ctrl-C stops it' });
      return;
    }
    // At the end of a lesson, its clean-up is offered: the files it wrote (a token file) need not outlive it.
    const cleanup = session?.lesson.cleanup
      ? `clean up what it left: kong-workshop clean ${session.lesson.id}`
      : `remove the files it wrote: kong-workshop clean ${session?.lesson.id ?? ''}`;
    if (session && !session.busy) session.leave();
    const done: Notice | undefined = !session
      ? undefined
      : session.complete
        ? { level: 'success', text: `“${session.lesson.title}” complete: ${session.tallyLine}.`, hint: cleanup }
        : session.tally.open === 0
          ? { level: 'info', text: `“${session.lesson.title}”: ${session.tallyLine}.`, hint: cleanup }
          : undefined;
    this.set({ screen: 'home', lessons: this.entries(this.base.target), notice: done });
  }

  /** Runs the step on screen: its files, commands and checks. */
  async runStep(): Promise<void> {
    const session = this.session();
    if (!session) return;
    this.set({ notice: undefined });
    const status = await session.runStep();
    this.settled();
    if (status === 'failed' || status === 'error') await this.targetStillThere();
    rememberSecrets(
      session.lesson.file,
      declaredVars(session.lesson, session.currentIndex),
      (name) => session.value(name),
      this.options.secrets,
    );
  }

  /**
   * Runs again the checks of every step that passed (C), this session or an earlier one: what was
   * done may no longer hold (a reset sandbox). Lands on the first step that no longer passes.
   */
  async recheckLesson(): Promise<void> {
    const session = this.session();
    if (!session || session.busy || !session.started) return;
    if (session.passedSteps === 0) {
      return this.tell({
        level: 'info',
        text: 'no step has passed yet: nothing to re-check',
        hint: 'press Enter to run the step, or c to run its checks',
      });
    }
    this.set({ notice: undefined });
    const notice = await session.recheck();
    this.tell(notice);
    if (notice.level !== 'success') await this.targetStillThere();
  }

  /**
   * Opens the learner's $SHELL in the lesson's work folder with its environment; the caller has
   * handed the terminal over. Back at the same step, the notice offers its checks.
   */
  async openShell(): Promise<void> {
    const session = this.session();
    if (!session || session.busy || !session.started) return;
    const { openLearnerShell } = await import('./learner-shell.js');
    await openLearnerShell(session.learnerShell());
    const hasChecks = session.lesson.steps[session.currentIndex]?.blocks.some((block) => block.type === 'check');
    this.tell({
      level: 'info',
      text: 'back from your shell',
      hint: hasChecks ? 'press c to check what you did' : 'press Enter to run the step, or n for the next one',
    });
  }

  /** Masks the open lesson's secrets in text shown outside its events: the pager and `$PAGER` pass through it. */
  redact(text: string): string {
    return this.session()?.redact(text) ?? text;
  }

  /**
   * Shows text in the learner's `$PAGER` (the caller has handed the terminal over), masked on the
   * way out; resolves with why it could not, if it could not.
   */
  async openPager(text: string): Promise<string | undefined> {
    const { openInPager } = await import('./external-pager.js');
    return openInPager(this.redact(text));
  }

  /** Whether the learner's shell can open now: a lesson is open and idle. */
  get canOpenShell(): boolean {
    const session = this.session();
    return session !== undefined && !session.busy && session.started;
  }

  /** Runs only the checks of the step on screen ("I did it by hand", or "try the checks again"). */
  async checkStep(): Promise<void> {
    const session = this.session();
    if (!session) return;
    const step = session.lesson.steps[session.currentIndex];
    if (step && !step.blocks.some((block) => block.type === 'check')) {
      return this.tell({
        level: 'info',
        text: 'this step has no checks to run',
        hint: 'press Enter to run it, or s to skip it',
      });
    }
    this.set({ notice: undefined });
    const status = await session.checkStep();
    this.settled();
    if (status === 'failed' || status === 'error') await this.targetStillThere();
  }

  /** Whether R can start the sandbox again now: it stopped under a session of this workshop. */
  get canRestartTarget(): boolean {
    return this.restartable && !this.opening && !this.busyAnywhere();
  }

  /**
   * Starts the sandbox again after it stopped (a crash, `kong-workshop sandbox stop`, a reboot):
   * the old session and the lessons open on it close (progress saved), a new sandbox starts, and
   * the lesson that was open, or that could not open, opens on it (offering its re-check).
   */
  async restartTarget(): Promise<void> {
    if (!this.canRestartTarget) return;
    const file = this.pendingOpen ?? this.openedFile;
    this.pendingOpen = undefined;
    this.restartable = false;
    await this.closeSessions();
    await this.targetSession?.close().catch(() => undefined);
    this.targetSession = undefined;
    this.set({
      screen: 'home',
      lessons: this.entries(this.base.target),
      notice: undefined,
      targetStatus: { state: 'checking', line: `starting the ${this.base.target} again…` },
    });
    const session = await this.connect();
    if (!session) return;
    this.tell({ level: 'success', text: `${this.base.target} started again: ${session.description}` });
    if (file) await this.openLesson(file);
  }

  /**
   * Looks at the sandbox again when it matters (a lesson opens, a step fails): it may have been
   * stopped since the workshop connected. A stopped one is said on the home line, with the key
   * that starts it again. Other targets are not the workshop's to start: their faults speak.
   */
  private async targetStillThere(): Promise<boolean> {
    const target = this.base.target;
    if (!this.targetSession || (target !== 'sandbox' && target !== 'kind-lab')) return true;
    const status = await probeTargetStatus(target, {});
    if (status.state !== 'down') return true;
    this.restartable = true;
    this.set({
      targetStatus: { state: 'down', line: 'sandbox stopped: press R to start it again' },
      notice: {
        level: 'warning',
        text: 'the sandbox is not running any more (stopped, or its process ended)',
        hint: 'press R to start it again; your progress is kept',
      },
    });
    return false;
  }

  /** Once the work stopped, "stopping…" is old news: the step's own ending says what happened. */
  private settled(): void {
    if (this.base.notice === STOPPING) this.set({ notice: undefined });
  }

  skipStep(): void {
    this.session()?.skipStep();
  }

  goToStep(index: number): void {
    this.set({ notice: undefined });
    this.session()?.goTo(index);
  }

  next(): void {
    const session = this.session();
    if (session) this.goToStep(session.nextIndex);
  }

  previous(): void {
    const session = this.session();
    if (session) this.goToStep(session.currentIndex - 1);
  }

  /** Stops the running command (its whole process group). Returns false when nothing was running. */
  cancel(): boolean {
    const stopped = this.session()?.cancel() ?? false;
    if (stopped) this.tell(STOPPING);
    return stopped;
  }

  answerPrompt(value: string | undefined): void {
    this.dialogs.answer('prompt', value);
  }

  answerTrust(trust: boolean): void {
    this.dialogs.answer('trust', trust);
  }

  answerResume(recheck: boolean): void {
    this.dialogs.answer('resume', recheck);
  }

  dismissNotice(): void {
    if (this.base.notice) this.set({ notice: undefined });
  }

  /** Stops what runs, saves every open lesson's progress and closes the target session. */
  async quit(): Promise<void> {
    if (this.base.closed) return;
    // Quitting from a lesson: the learner was on it until now. The others keep their own time.
    if (this.base.screen === 'lesson') this.session()?.markVisited();
    this.dialogs.cancelAll();
    await this.closeSessions();
    await this.targetSession?.close();
    this.targetSession = undefined;
    this.set({ closed: true });
  }

  private async createSession(lesson: Lesson, target: TargetSession): Promise<LessonSession> {
    const { createLessonRun } = await import('../engine/index.js');
    const load = loadProgress(lesson.id, this.base.target);
    if (load.status === 'reset') {
      this.tell({
        level: 'warning',
        text: `your progress file for “${lesson.title}” could not be read (${load.reason}); starting afresh`,
        hint: `the old file is kept at ${load.backup}`,
      });
    }
    const progress = load.status === 'ok' ? load.progress : undefined;
    const workdir = this.options.workdir ?? lessonWorkdir(lesson.id, this.base.target);
    const given = this.options.secrets ?? {};
    const elsewhere = Object.fromEntries(
      Object.entries(secretsSavedElsewhere(lesson)).filter(([name]) => given[name] === undefined),
    );
    const run = await createLessonRun({
      lesson,
      target,
      mode: 'run',
      workdir,
      fixturesDir: this.options.fixturesDirFor(lesson.file),
      vars: this.options.vars,
      secrets: { ...savedSecretsFor(lesson), ...this.options.secrets },
      restored: progress?.vars,
      restoredExports: { plain: progress?.exports, secret: savedSecretExports(lesson.id, this.base.target) },
      earlier: earlierStatuses(progress),
      prompt: async (request) => {
        // A value saved for another lesson is offered, never given: Enter takes it, typing replaces it.
        const other = elsewhere[request.variable.name];
        const answer = await this.dialogs.ask({
          kind: 'prompt',
          name: request.variable.name,
          question: request.variable.prompt ?? `a value for ${request.variable.name}`,
          secret: request.variable.secret,
          default: other ? '' : request.variable.default,
          hint: other ? `Enter reuses the value saved for ${other.from}, or type another` : request.variable.hint,
          error: request.error,
        });
        return other && answer === '' ? other.value : answer;
      },
    });
    this.options.onRun?.(run);
    return new LessonSession({
      lesson,
      target: this.base.target,
      run,
      progress,
      changed: () => this.publish(),
      saved: () => void this.unsaved.delete(lesson.id),
      saveFailed: (error) => {
        this.unsaved.set(lesson.id, error.message);
        this.tell({
          level: 'error',
          text: `progress could not be saved: ${error.message}`,
          hint: `check that ${statePaths().progressDir} is writable`,
        });
      },
    });
  }

  /** The lesson, parsed now; a file that no longer parses is marked so on the list, and said. */
  private async parse(file: string): Promise<Lesson | undefined> {
    const { parseLessonFile } = await import('../lesson/index.js');
    let item: CatalogItem;
    let lesson: Lesson | undefined;
    try {
      const result = await parseLessonFile(file);
      lesson = result.lesson;
      item = await catalogItem(file, result);
    } catch (error) {
      item = { file, problem: `cannot read it: ${errorMessage(error)}` };
    }
    const index = this.catalog.findIndex((entry) => entry.file === file);
    if (index >= 0) this.catalog[index] = item;
    else this.catalog.push(item);
    this.set({ lessons: this.entries(this.base.target) });
    if (!lesson) this.tell({ level: 'error', text: `${file} cannot be opened: ${item.problem}` });
    return lesson;
  }

  /** The target session, connected once for the whole workshop. */
  private async connect(): Promise<TargetSession | undefined> {
    if (this.targetSession) return this.targetSession;
    const connection = await connectTarget({
      target: this.base.target,
      values: { ...loadCredentials(), ...this.options.vars, ...this.options.secrets },
      settings: this.options.settings ?? {},
      ask: (dialog) => this.dialogs.ask(dialog),
      busy: (line) => this.set({ busy: line }),
    });
    if (!connection.session) {
      if (connection.down) this.set({ targetStatus: { state: 'down', line: connection.down } });
      this.tell(connection.notice);
      return undefined;
    }
    this.targetSession = connection.session;
    this.set({ targetStatus: { state: 'ready', line: connection.session.description } });
    return connection.session;
  }

  /** The home screen's rows: saved progress, with open lessons' latest (their saves may still be on the way). */
  private entries(target: TargetName): LessonEntry[] {
    const open = [...this.sessions.values()].flatMap((session) => (session.progress ? [session.progress] : []));
    const saved = listProgress().filter(
      (file) => !open.some((mine) => mine.lessonId === file.lessonId && mine.target === file.target),
    );
    return catalogEntries(this.catalog, target, [...saved, ...open]);
  }

  /** Tools the listed lessons say they need on this target (`requires.tools`). */
  private requiredTools(target: TargetName): ToolRequirement[] {
    return toolRequirementsOn(
      this.catalog.flatMap((item) => (item.meta ? [item.meta] : [])),
      target,
    );
  }

  private async closeSessions(): Promise<void> {
    const sessions = [...this.sessions.values()];
    this.sessions.clear();
    this.openedFile = undefined;
    await Promise.all(sessions.map((session) => session.close()));
  }

  private session(): LessonSession | undefined {
    return this.openedFile ? this.sessions.get(this.openedFile) : undefined;
  }

  private busyAnywhere(): boolean {
    return this.opening || [...this.sessions.values()].some((session) => session.busy && session.started);
  }

  private tell(notice: Notice): void {
    this.set({ notice });
  }

  private set(patch: Partial<Omit<WorkshopState, 'lesson' | 'dialog'>>): void {
    this.base = { ...this.base, ...patch };
    this.publish();
  }

  private compose(): WorkshopState {
    return { ...this.base, lesson: this.session()?.view(), dialog: this.dialogs.current };
  }

  // Events come in bursts (a chunk of output is many lines): one new state per burst is enough.
  private publish(): void {
    if (this.notifyQueued) return;
    this.notifyQueued = true;
    queueMicrotask(() => {
      this.notifyQueued = false;
      this.current = this.compose();
      for (const listener of this.listeners) listener(this.current);
    });
  }
}
