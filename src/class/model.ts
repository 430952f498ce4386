import type { ClassStepStatus, LearnerEvent, LogRecord } from './records.js';
import { sanitizeName, sanitizeText } from './sanitize.js';

interface Cell {
  status: ClassStepStatus;
  attempts: number;
  check?: string;
  expectation?: string;
  /** Server time the current failing check first failed; kept while the learner retries the same check. */
  failingSince?: number;
  timeOnStepMs: number;
  at: number;
}

export interface Learner {
  readonly id: string;
  name: string;
  readonly keyHash: string;
  readonly joinedAt: number;
  lastSeenAt: number;
  handSince?: number;
  /** Event ids already applied: a learner resending after a lost answer changes nothing. */
  readonly seen: Set<string>;
  readonly cells: Map<string, Cell>;
  position?: { lessonId: string; stepId: string };
  events: number;
}

interface KnownLesson {
  title: string;
  steps: { id: string; title: string }[];
}

export interface ClassSettings {
  readonly name: string;
  readonly stuckMinutes: number;
}

/** What both instructor views draw: computed once on the server, sent as JSON to the page and the TUI. */
export interface ClassView {
  readonly name: string;
  readonly now: number;
  readonly stuckMinutes: number;
  readonly columns: readonly ViewColumn[];
  readonly lessons: readonly {
    readonly id: string;
    readonly title: string;
    readonly first: number;
    readonly count: number;
    readonly timeboxEndsAt?: number;
  }[];
  readonly learners: readonly ViewLearner[];
  /** Per column: learners whose latest step is this one. */
  readonly histogram: readonly number[];
  /** Per column with failures: the most common failing expectation, and how many share it. */
  readonly failures: readonly {
    readonly column: number;
    readonly label: string;
    readonly expectation: string;
    readonly count: number;
    readonly of: number;
  }[];
  readonly broadcast?: { readonly text: string; readonly at: number };
  readonly pace?: { readonly lessonId: string; readonly step: number | null; readonly label: string };
  readonly totals: {
    readonly learners: number;
    readonly hands: number;
    readonly stuck: number;
    readonly passedSteps: number;
    readonly failingSteps: number;
  };
}

export interface ViewColumn {
  readonly lessonId: string;
  readonly lessonTitle: string;
  readonly stepId: string;
  readonly stepTitle: string;
  /** "2.3": lesson 2, step 3. */
  readonly label: string;
  /** Beyond the instructor's pacing marker. */
  readonly notYet: boolean;
}

/**
 * One letter per column for compact rendering: p passed, f failed, e error, r running, s skipped, c cancelled, .
 * nothing.
 */
export type CellCode = 'p' | 'f' | 'e' | 'r' | 's' | 'c' | '.';

export interface ViewLearner {
  readonly id: string;
  readonly name: string;
  readonly hand: boolean;
  readonly handSince?: number;
  readonly cells: string;
  readonly position?: number;
  readonly stuck?: {
    readonly column: number;
    readonly label: string;
    readonly check: string;
    readonly expectation: string;
    readonly minutes: number;
  };
  readonly lastSeenAt: number;
  /** Events this learner's workshop sent (deduplicated): lets a view tell it is current. */
  readonly events: number;
}

export interface LearnerNews {
  readonly broadcast?: { readonly text: string; readonly at: number };
  readonly pace?: { readonly lessonId: string; readonly step: number | null };
  readonly timeboxes: readonly { readonly lessonId: string; readonly endsAt: number }[];
  readonly hand: boolean;
}

const CODES: Record<ClassStepStatus, CellCode> = {
  passed: 'p',
  failed: 'f',
  error: 'e',
  running: 'r',
  skipped: 's',
  cancelled: 'c',
};
const key = (lessonId: string, stepId: string) => `${lessonId}\u0000${stepId}`;

/**
 * The class, folded from its event log. The same `apply` runs when the server replays the log
 * after a restart and when a record is appended live, so a restarted class is the class it was.
 */
export class ClassModel {
  readonly learners = new Map<string, Learner>();
  private readonly lessons = new Map<string, KnownLesson>();
  private broadcast: { text: string; at: number } | undefined;
  private pace: { lessonId: string; step: number | null } | undefined;
  private readonly timeboxes = new Map<string, number>();
  /** Bumped on every change: views are recomputed only when it moved. */
  version = 0;

  constructor(readonly settings: ClassSettings) {}

  apply(record: LogRecord): void {
    this.version++;
    switch (record.kind) {
      case 'joined':
        this.learners.set(record.learner, {
          id: record.learner,
          name: sanitizeName(record.name),
          keyHash: record.keyHash,
          joinedAt: record.at,
          lastSeenAt: record.at,
          seen: new Set(),
          cells: new Map(),
          events: 0,
        });
        return;
      case 'learner': {
        const learner = this.learners.get(record.learner);
        if (learner) this.applyLearnerEvent(learner, record.event, record.at);
        return;
      }
      case 'broadcast':
        this.broadcast = record.text ? { text: sanitizeText(record.text, 500), at: record.at } : undefined;
        return;
      case 'pace':
        this.pace = record.lessonId === null ? undefined : { lessonId: record.lessonId, step: record.step };
        return;
      case 'timebox':
        if (record.endsAt === null) this.timeboxes.delete(record.lessonId);
        else this.timeboxes.set(record.lessonId, record.endsAt);
        return;
    }
  }

  /** Whether a learner already sent this event (a resend after a lost acknowledgement). */
  hasSeen(learnerId: string, eventId: string): boolean {
    return this.learners.get(learnerId)?.seen.has(eventId) ?? false;
  }

  touch(learnerId: string, at: number): void {
    const learner = this.learners.get(learnerId);
    if (learner) learner.lastSeenAt = at;
  }

  /** What one learner may know: the class-wide messages, and their own hand. Never another learner. */
  newsFor(learnerId: string): LearnerNews {
    return {
      broadcast: this.broadcast,
      pace: this.pace,
      timeboxes: [...this.timeboxes].map(([lessonId, endsAt]) => ({ lessonId, endsAt })),
      hand: this.learners.get(learnerId)?.handSince !== undefined,
    };
  }

  private applyLearnerEvent(learner: Learner, event: LearnerEvent, at: number): void {
    learner.seen.add(event.id);
    learner.lastSeenAt = at;
    learner.events++;
    switch (event.type) {
      case 'hand':
        learner.handSince = event.up ? (learner.handSince ?? at) : undefined;
        return;
      case 'lesson':
        this.lessons.set(event.lessonId, {
          title: sanitizeText(event.title, 80),
          steps: event.steps.map((step) => ({ id: step.id, title: sanitizeText(step.title, 80) })),
        });
        return;
      case 'step': {
        const cellKey = key(event.lessonId, event.stepId);
        const before = learner.cells.get(cellKey);
        const check = event.check === undefined ? undefined : sanitizeText(event.check, 120);
        const expectation = event.expectation === undefined ? undefined : sanitizeText(event.expectation, 160);
        const failing = event.status === 'failed' || event.status === 'error';
        const cell: Cell = {
          status: event.status,
          // Counted here, not by the learner: a resend is deduplicated, and several runs add up.
          attempts: (before?.attempts ?? 0) + (event.status === 'running' || event.status === 'skipped' ? 0 : 1),
          timeOnStepMs: Math.max(event.timeOnStepMs, before?.timeOnStepMs ?? 0),
          at,
        };
        if (failing) {
          cell.check = check;
          cell.expectation = expectation;
          cell.failingSince = before?.failingSince !== undefined && before.check === check ? before.failingSince : at;
        } else if (event.status === 'running' && before?.failingSince !== undefined) {
          // Retrying the same step: still stuck on the check that failed, until it passes.
          cell.check = before.check;
          cell.expectation = before.expectation;
          cell.failingSince = before.failingSince;
        }
        learner.cells.set(cellKey, cell);
        learner.position = { lessonId: event.lessonId, stepId: event.stepId };
        return;
      }
    }
  }

  private columns(): ViewColumn[] {
    const lessonIds = [...this.lessons.keys()].sort();
    const paceLesson = this.pace ? lessonIds.indexOf(this.pace.lessonId) : -1;
    return lessonIds.flatMap((lessonId, lessonIndex) => {
      const lesson = this.lessons.get(lessonId);
      if (!lesson) return [];
      return lesson.steps.map((step, stepIndex) => ({
        lessonId,
        lessonTitle: lesson.title,
        stepId: step.id,
        stepTitle: step.title,
        label: `${lessonIndex + 1}.${stepIndex + 1}`,
        notYet:
          this.pace !== undefined &&
          paceLesson >= 0 &&
          (lessonIndex > paceLesson ||
            (lessonIndex === paceLesson && this.pace.step !== null && stepIndex > this.pace.step)),
      }));
    });
  }

  /** Both instructor views, as of `now`. Learners in the order they joined. */
  view(now: number): ClassView {
    const columns = this.columns();
    const index = new Map(columns.map((column, i) => [key(column.lessonId, column.stepId), i]));
    const histogram = columns.map(() => 0);
    const failing = columns.map(() => new Map<string, number>());
    const stuckAfter = this.settings.stuckMinutes * 60_000;
    let hands = 0;
    let stuckCount = 0;
    let passedSteps = 0;
    let failingSteps = 0;
    const learners: ViewLearner[] = [...this.learners.values()].map((learner) => {
      const codes: CellCode[] = columns.map(() => '.');
      let stuck: ViewLearner['stuck'];
      for (const [cellKey, cell] of learner.cells) {
        const column = index.get(cellKey);
        if (column === undefined) continue;
        codes[column] = CODES[cell.status];
        if (cell.status === 'passed') passedSteps++;
        if (cell.failingSince !== undefined) {
          failingSteps++;
          const words = cell.expectation ?? cell.check ?? 'failed';
          const counts = failing[column];
          counts?.set(words, (counts.get(words) ?? 0) + 1);
          const minutes = (now - cell.failingSince) / 60_000;
          if (now - cell.failingSince >= stuckAfter && (!stuck || minutes > stuck.minutes)) {
            const label = columns[column]?.label ?? '';
            stuck = {
              column,
              label,
              check: cell.check ?? '',
              expectation: cell.expectation ?? '',
              minutes: Math.floor(minutes),
            };
          }
        }
      }
      const position = learner.position
        ? index.get(key(learner.position.lessonId, learner.position.stepId))
        : undefined;
      if (position !== undefined) histogram[position] = (histogram[position] ?? 0) + 1;
      if (learner.handSince !== undefined) hands++;
      if (stuck) stuckCount++;
      return {
        id: learner.id,
        name: learner.name,
        hand: learner.handSince !== undefined,
        handSince: learner.handSince,
        cells: codes.join(''),
        position,
        stuck,
        lastSeenAt: learner.lastSeenAt,
        events: learner.events,
      };
    });
    const failures = failing.flatMap((counts, column) => {
      let best: [string, number] | undefined;
      for (const entry of counts) if (!best || entry[1] > best[1]) best = entry;
      return best
        ? [{ column, label: columns[column]?.label ?? '', expectation: best[0], count: best[1], of: learners.length }]
        : [];
    });
    const lessons = [...new Set(columns.map((column) => column.lessonId))].map((id) => ({
      id,
      title: columns.find((column) => column.lessonId === id)?.lessonTitle ?? id,
      first: columns.findIndex((column) => column.lessonId === id),
      count: columns.filter((column) => column.lessonId === id).length,
      timeboxEndsAt: this.timeboxes.get(id),
    }));
    const paceLabel = this.pace ? paceLabelFor(this.pace, columns) : '';
    return {
      name: this.settings.name,
      now,
      stuckMinutes: this.settings.stuckMinutes,
      columns,
      lessons,
      learners,
      histogram,
      failures,
      broadcast: this.broadcast,
      pace: this.pace ? { ...this.pace, label: paceLabel } : undefined,
      totals: { learners: learners.length, hands, stuck: stuckCount, passedSteps, failingSteps },
    };
  }

  /** Per learner, per step, for `class export`. */
  exportRows(): ExportRow[] {
    const columns = this.columns();
    return [...this.learners.values()].flatMap((learner) =>
      columns.flatMap((column) => {
        const cell = learner.cells.get(key(column.lessonId, column.stepId));
        if (!cell) return [];
        return [
          {
            learner: learner.name,
            learnerId: learner.id,
            lessonId: column.lessonId,
            lessonTitle: column.lessonTitle,
            stepId: column.stepId,
            stepTitle: column.stepTitle,
            status: cell.status,
            attempts: cell.attempts,
            timeOnStepMs: Math.round(cell.timeOnStepMs),
            failingCheck: cell.failingSince !== undefined ? (cell.check ?? '') : '',
            failingExpectation: cell.failingSince !== undefined ? (cell.expectation ?? '') : '',
          },
        ];
      }),
    );
  }
}

export interface ExportRow {
  readonly learner: string;
  readonly learnerId: string;
  readonly lessonId: string;
  readonly lessonTitle: string;
  readonly stepId: string;
  readonly stepTitle: string;
  readonly status: ClassStepStatus;
  readonly attempts: number;
  readonly timeOnStepMs: number;
  readonly failingCheck: string;
  readonly failingExpectation: string;
}

function paceLabelFor(pace: { lessonId: string; step: number | null }, columns: readonly ViewColumn[]): string {
  const first = columns.find((column) => column.lessonId === pace.lessonId);
  if (!first) return pace.lessonId;
  const lessonNumber = first.label.split('.')[0];
  return pace.step === null ? `lesson ${lessonNumber}` : `${lessonNumber}.${pace.step + 1}`;
}
