import { span, type Line } from '../styled-text.js';

/** A part of a screen that takes what room it is given. */
export interface Section {
  /** Shown above the body whenever the section shows: a divider or a blank line. */
  readonly head?: Line;
  readonly body: readonly Line[];
  /** Which end to keep when the body is cut: prose reads from the top, a terminal from the end. */
  readonly keep: 'head' | 'tail';
  /** Cuts the body to `rows` lines its own way, instead of keeping one end. */
  readonly fit?: (rows: number) => Line[];
  /** Rows (head included) below which the section is not worth showing. */
  readonly min: number;
  /** Lower gets its minimum first. */
  readonly priority: number;
  /** Lower gets the room left over first; the same as `priority` unless given. */
  readonly grow?: number;
}

/**
 * Shares `room` rows among sections: each gets its minimum in priority order while room lasts,
 * then the room left goes, in `grow` order, to those shown. Returns the lines in the sections'
 * own order, never more than `room`.
 */
export function allocate(sections: readonly Section[], room: number): Line[] {
  const slots = sections.map((section) => ({ section, rows: 0 }));
  const order = [...slots].sort((a, b) => a.section.priority - b.section.priority);
  let left = room;
  for (const slot of order) {
    const { section } = slot;
    if (section.body.length === 0) continue;
    const first = Math.min(needed(section), Math.max(1, section.min));
    if (first > left) continue;
    slot.rows = first;
    left -= first;
  }
  const growth = [...order].sort(
    (a, b) => (a.section.grow ?? a.section.priority) - (b.section.grow ?? b.section.priority),
  );
  for (const slot of growth) {
    if (slot.rows === 0) continue;
    const more = Math.min(needed(slot.section) - slot.rows, left);
    slot.rows += more;
    left -= more;
  }
  return slots.flatMap((slot) => render(slot.section, slot.rows));
}

function needed(section: Section): number {
  return (section.head ? 1 : 0) + section.body.length;
}

function render(section: Section, rows: number): Line[] {
  if (rows <= 0) return [];
  const head = section.head ? [section.head] : [];
  const room = rows - head.length;
  if (room <= 0) return head.slice(0, rows);
  const { body } = section;
  if (body.length <= room) return [...head, ...body];
  if (section.fit) return [...head, ...section.fit(room).slice(0, room)];
  const hidden = body.length - room + 1;
  if (section.keep === 'head')
    return [
      ...head,
      ...body.slice(0, room - 1),
      [span(`  … ${hidden} more line${hidden === 1 ? '' : 's'} · f shows all`, { tone: 'muted' })],
    ];
  return [
    ...head,
    [span(`  … ${hidden} line${hidden === 1 ? '' : 's'} above · f shows all`, { tone: 'muted' })],
    ...body.slice(body.length - room + 1),
  ];
}
