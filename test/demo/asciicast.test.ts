import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CastWriter, DemoError, parseCast, readCast } from '../../src/demo/index.js';
import { Redactor } from '../../src/secrets/index.js';
import { expectAsciicastV2 } from './cast-format.js';
import { tempDir } from '../helpers/temp-dirs.js';

const dir = tempDir('kw-cast-');
const CANARY = 'kpat_canary_4f1d9c0e7b2a';

function writer(name: string, redactor = new Redactor()) {
  let now = 1000;
  const file = join(dir, name);
  const cast = CastWriter.open(
    file,
    { width: 100, height: 30, title: 'talk', env: { TERM: 'xterm-256color', SHELL: '/bin/bash' } },
    { redact: (text) => redactor.redact(text), now: () => now },
  );
  return { file, cast, tick: (ms: number) => (now += ms) };
}

describe('CastWriter', () => {
  it('writes asciicast v2: the header, then output, resize and marker events with their times', () => {
    const { file, cast, tick } = writer('basic.cast');
    cast.output('\u001B[1mhello\u001B[0m\r\n');
    tick(250);
    cast.resize(120, 40);
    tick(1500.4);
    cast.marker('key-auth · 1. Turn on key-auth');
    cast.output(new TextEncoder().encode('bytes too'));
    cast.close();
    const { header, events } = expectAsciicastV2(readFileSync(file, 'utf8'));
    expect(header).toMatchObject({
      version: 2,
      width: 100,
      height: 30,
      title: 'talk',
      env: { TERM: 'xterm-256color', SHELL: '/bin/bash' },
    });
    expect(Math.abs((header.timestamp as number) - Date.now() / 1000)).toBeLessThan(60);
    expect(events).toEqual([
      [0, 'o', '\u001B[1mhello\u001B[0m\r\n'],
      [0.25, 'r', '120x40'],
      [1.7504, 'm', 'key-auth · 1. Turn on key-auth'],
      [1.7504, 'o', 'bytes too'],
    ]);
  });

  it('is playable after every line: a killed recorder leaves the header and whole events', () => {
    const { file, cast, tick } = writer('crash.cast');
    expectAsciicastV2(readFileSync(file, 'utf8'));
    cast.output('frame 1');
    tick(10);
    cast.output('frame 2');
    // No close(): as if the process died here.
    expect(expectAsciicastV2(readFileSync(file, 'utf8')).events.map((event) => event[2])).toEqual([
      'frame 1',
      'frame 2',
    ]);
  });

  it('records line feeds as the terminal received them, CR LF, as asciinema does from its pty', () => {
    const { file, cast } = writer('newlines.cast');
    cast.output('one\ntwo\r\nthree\n');
    cast.close();
    expect(expectAsciicastV2(readFileSync(file, 'utf8')).events[0]![2]).toBe('one\r\ntwo\r\nthree\r\n');
  });

  it('writes each event line exactly as JSON.stringify would, whatever the output holds', () => {
    const { file, cast, tick } = writer('escapes.cast');
    const outputs = [
      '\u001B[38;5;12m│ plain frame │\u001B[0m\n',
      'a "quoted" \\ path\tand a tab\r\n',
      'bell \u0007, delete \u007F, NUL \u0000, a lone surrogate \uD800 and a pair 🚀\n',
      'é ü 中文 \u001B]0;title\u0007',
      '',
    ];
    for (const text of outputs) {
      cast.output(text);
      tick(1.5);
    }
    cast.marker('m "1" \u001B');
    cast.close();
    const lines = readFileSync(file, 'utf8').split('\n').slice(1, -1);
    const events = outputs
      .filter((text) => text !== '')
      .map((text) => ['o', text.replace(/\r?\n/g, '\r\n')])
      .concat([['m', 'm "1" \u001B']]);
    // The times are the writer's own; everything after them must be JSON.stringify's text.
    const expected = events.map(([code, data], i) => JSON.stringify([JSON.parse(lines[i] ?? '[]')[0], code, data]));
    expect(lines).toEqual(expected);
  });

  it('masks secrets in output, markers and the title, and decodes UTF-8 split across chunks', () => {
    const redactor = new Redactor();
    redactor.add(CANARY);
    const { file, cast } = writer('secret.cast', redactor);
    cast.output(`token=${CANARY}\n`);
    cast.marker(`using ${CANARY}`);
    const bytes = new TextEncoder().encode('✓ ok');
    cast.output(bytes.slice(0, 2));
    cast.output(bytes.slice(2));
    cast.close();
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain(CANARY);
    const { events } = expectAsciicastV2(text);
    expect(events.map((event) => event[2])).toEqual(['token=********\r\n', 'using ********', '✓ ok']);
  });
});

describe('reading a recording', () => {
  const header = JSON.stringify({ version: 2, width: 80, height: 24 });

  it('reads what the writer wrote', async () => {
    const { file, cast, tick } = writer('roundtrip.cast');
    cast.output('a');
    tick(500);
    cast.marker('step');
    cast.close();
    const read = await readCast(file);
    expect(read.header).toMatchObject({ version: 2, width: 100, height: 30 });
    expect(read.events).toEqual([
      { time: 0, code: 'o', data: 'a' },
      { time: 0.5, code: 'm', data: 'step' },
    ]);
    expect(read.truncated).toBe(false);
  });

  it('plays a file whose last line was cut off mid-write, and says so', () => {
    const cast = parseCast(`${header}\n[0.1, "o", "whole"]\n[0.2, "o", "cut of`, 'talk.cast');
    expect(cast.events).toHaveLength(1);
    expect(cast.truncated).toBe(true);
  });

  const refuse = (text: string) => {
    try {
      parseCast(text, 'talk.cast');
    } catch (error) {
      expect(error).toBeInstanceOf(DemoError);
      return `${(error as DemoError).message} | ${(error as DemoError).hint}`;
    }
    throw new Error('accepted');
  };

  it('refuses files that are not asciicast v2, saying what they are', () => {
    expect(refuse('hello world\n')).toMatch(
      new RegExp(
        String.raw`^talk\.cast is not an asciicast v2 recording: its first line is not a JSON header \| ` +
          String.raw`record one with \x60kong-workshop demo --record FILE\.cast\x60`,
      ),
    );
    expect(refuse('{\n  "version": 1,\n  "stdout": []\n}\n')).toMatch(/first line is not a JSON header/);
    expect(refuse(`${JSON.stringify({ version: 3, term: { cols: 80, rows: 24 } })}\n`)).toMatch(
      /\(version 3\) \| this is asciicast v3: convert it/,
    );
    expect(refuse('[1, 2, 3]\n')).toMatch(/first line is not a JSON object/);
  });

  it('points at the line that breaks the format', () => {
    expect(refuse(`${JSON.stringify({ version: 2, width: 0, height: 24 })}\n`)).toMatch(
      /^talk\.cast:1 has no valid "width"/,
    );
    expect(refuse(`${header}\n[0.1, "o", "a"]\nnot json\n[0.3, "o", "b"]\n`)).toMatch(
      /^talk\.cast:3 is not valid JSON/,
    );
    expect(refuse(`${header}\n[0.1, "o"]\n`)).toMatch(/^talk\.cast:2 is not an event/);
    expect(refuse(`${header}\n[0.5, "o", "a"]\n[0.4, "o", "b"]\n`)).toMatch(/^talk\.cast:3 goes back in time/);
    expect(refuse(`${header}\n["0.5", "o", "a"]\n`)).toMatch(/^talk\.cast:2 has a time that is not a number/);
    expect(refuse(`${header}\n[0.5, "r", "wide"]\n`)).toMatch(/^talk\.cast:2 has a resize that is not COLSxROWS/);
  });

  it('says when the file cannot be read at all', async () => {
    await expect(readCast(join(dir, 'missing.cast'))).rejects.toThrow(/cannot read the recording/);
    writeFileSync(join(dir, 'empty.cast'), '');
    await expect(readCast(join(dir, 'empty.cast'))).rejects.toThrow(/not an asciicast v2 recording/);
  });
});
