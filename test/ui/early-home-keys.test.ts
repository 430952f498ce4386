import { PassThrough } from 'node:stream';
import { setImmediate as tick } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { actOnEarlyKeys, holdEarlyInput, takeEarlyInput } from '../../src/shared/index.js';
import { earlyHomeMoves } from '../../src/ui/early-home-keys.js';

describe('the first frame moves its cursor before ink reads keys', () => {
  it('reads ↑ ↓ (both encodings) and k j, wrapping like Home, and stops at the first other key', () => {
    const down = earlyHomeMoves(Buffer.from('jj\u001B[B'), 0, 5);
    expect(down).toMatchObject({ selected: 3 });
    expect(down.rest.length).toBe(0);
    expect(earlyHomeMoves(Buffer.from('k\u001BOA'), 0, 5).selected).toBe(3);
    const stopped = earlyHomeMoves(Buffer.from('j\rj'), 1, 5);
    expect(stopped.selected).toBe(2);
    expect(stopped.rest.toString()).toBe('\rj');
    expect(earlyHomeMoves(Buffer.from('q'), 4, 5)).toMatchObject({ selected: 4 });
  });
});

describe('keys held while the workshop loads', () => {
  const stdoutWasTTY = process.stdout.isTTY;
  afterEach(() => {
    process.stdout.isTTY = stdoutWasTTY;
  });

  function terminalInput(): NodeJS.ReadStream {
    const stream = new PassThrough();
    const tty = { isTTY: true, setRawMode: () => stream, ref: () => stream, unref: () => stream };
    return Object.assign(stream, tty) as unknown as NodeJS.ReadStream;
  }

  it('go to the first frame first, then wait for the app in the order they were typed', async () => {
    process.stdout.isTTY = true;
    const stdin = terminalInput();
    holdEarlyInput(stdin);
    stdin.write('j');
    await tick();
    const seen: string[] = [];
    // Typed before the first frame, then handed to it: the moves are acted on, nothing is held.
    actOnEarlyKeys((bytes) => {
      seen.push(bytes.toString());
      return earlyHomeMoves(bytes, 0, 5).rest;
    });
    expect(seen).toEqual(['j']);
    stdin.write('\r');
    await tick();
    // After a key the first frame cannot act on, it sees no more: j now belongs to what Enter opened.
    stdin.write('j');
    await tick();
    expect(seen).toEqual(['j', '\r']);
    expect(takeEarlyInput(stdin)?.toString()).toBe('\rj');
  });
});
