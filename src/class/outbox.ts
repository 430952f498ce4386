import { appendFileSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { learnerEventSchema, MAX_EVENTS_PER_REQUEST, type LearnerEvent } from './records.js';

/**
 * Events not yet acknowledged by the class server, on disk: a workshop that quits while the
 * server is away sends them the next time any kong-workshop command runs while joined. Each
 * process has its own file (two runs at once never interleave writes); files left by processes
 * that are gone are adopted.
 */
export class Outbox {
  private readonly file: string;
  private pending: LearnerEvent[] = [];

  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    this.file = join(dir, `${process.pid}-${randomBytes(4).toString('hex')}.jsonl`);
    this.adoptOrphans();
  }

  get size(): number {
    return this.pending.length;
  }

  add(event: LearnerEvent): void {
    this.pending.push(event);
    appendFileSync(this.file, `${JSON.stringify(event)}\n`, { mode: 0o600 });
  }

  /** The oldest events, at most one request's worth. */
  peek(): LearnerEvent[] {
    return this.pending.slice(0, MAX_EVENTS_PER_REQUEST);
  }

  /** The server has them: forget them here too. */
  acknowledge(count: number): void {
    this.pending = this.pending.slice(count);
    if (this.pending.length === 0) rmSync(this.file, { force: true });
    else writeFileSync(this.file, this.pending.map((event) => `${JSON.stringify(event)}\n`).join(''), { mode: 0o600 });
  }

  private adoptOrphans(): void {
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      return;
    }
    for (const name of names) {
      const pid = Number(name.split('-')[0]);
      if (!name.endsWith('.jsonl') || !Number.isInteger(pid) || alive(pid)) continue;
      // Renaming first claims the file: if two processes start at once, only one adopts it.
      const claimed = `${this.file}.adopting-${name}`;
      try {
        renameSync(join(this.dir, name), claimed);
      } catch {
        continue;
      }
      for (const line of readFileSync(claimed, 'utf8').split('\n')) {
        if (!line.trim()) continue;
        try {
          const parsed = learnerEventSchema.safeParse(JSON.parse(line));
          if (parsed.success) this.add(parsed.data);
        } catch {
          // A torn line from a killed process: the rest still goes.
        }
      }
      rmSync(claimed, { force: true });
    }
  }
}

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
