import type { ReactElement } from 'react';
import { describe, expect, it } from 'vitest';
import { type Frame, overflow, type Size, SIZES, screenDocument, sizeName, unmarkedCuts } from './frame.js';
import { KNOWN_CUTS } from './known-cuts.js';
import { mountAt } from './render-at.js';

export interface LabelledFrame {
  readonly label: string;
  readonly frame: Frame;
}

/**
 * Checks every frame fits the terminal and loses nothing without saying so, then compares the
 * screens with `__screens__/<screen>-<cols>x<rows>.txt`, the reviewed picture of them.
 */
export async function expectScreens(screen: string, size: Size, frames: readonly LabelledFrame[]): Promise<void> {
  for (const { label, frame } of frames) expect(overflow(frame, size), `${screen} · ${label}`).toEqual([]);
  const name = `${screen}-${sizeName(size)}`;
  const cuts = frames.map(({ frame }) => unmarkedCuts(frame, size));
  const cut = frames.flatMap(({ label, frame }, i) =>
    (cuts[i] ?? []).map((row) => `${label}, row ${row}: ${frame.rows[row - 1]?.trim()}`),
  );
  if (KNOWN_CUTS.has(name)) {
    // A ratchet: once a screen stops cutting text silently, it leaves the list for good.
    expect(cut, `${name} no longer cuts text without a marker: remove it from known-cuts.ts`).not.toEqual([]);
  } else {
    expect(cut, `${name} cuts text with … and no marker saying how much:\n${cut.join('\n')}\n`).toEqual([]);
  }
  const document = screenDocument(
    screen,
    frames.map((f, i) => ({ ...f, cuts: cuts[i] ?? [] })),
    size,
  );
  await expect(document).toMatchFileSnapshot(`./__screens__/${name}.txt`);
}

/** A state to photograph: its screen file's name, what the frame shows, and keys pressed first. */
export interface Shot {
  readonly name: string;
  readonly label: string;
  readonly keys?: readonly string[];
}

/**
 * One test per screen name at each size: every shot of that name mounted fresh (`element`), its keys
 * pressed, and the frames compared as `<prefix>-<name>`.
 */
export function describeShots<S extends Shot>(
  title: string,
  prefix: string,
  shots: readonly S[],
  element: (shot: S) => ReactElement,
): void {
  const names = [...new Set(shots.map((s) => s.name))];
  describe.each(SIZES)(title, (size) => {
    it.each(names)(`%s ${sizeName(size)}`, async (name) => {
      const frames: LabelledFrame[] = [];
      for (const shot of shots.filter((s) => s.name === name)) {
        const app = await mountAt(element(shot), size);
        try {
          await app.press(...(shot.keys ?? []));
          frames.push({ label: shot.label, frame: await app.frame() });
        } finally {
          app.unmount();
        }
      }
      await expectScreens(`${prefix}-${name}`, size, frames);
    });
  });
}
