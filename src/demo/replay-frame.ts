/**
 * What a replay changes in the recorded frames, so that no one mistakes it for the live talk:
 * the header's `● REC` becomes `▶ REPLAY`, and the live key bar (keys that do nothing in a
 * replay) becomes the replay's own. Everything else is played exactly as it was recorded.
 */

// biome-ignore lint/suspicious/noControlCharactersInRegex: terminal escape sequences are what a frame is made of
const SGR = '(?:\\u001B\\[[0-9;]*m)*';
// `● REC` is 7 columns with its padding and `▶ REPLAY` 10: it takes 3 of the spaces the title left
// before it, so the header keeps its width; without them, the 7-column form.
const REC_WITH_ROOM = new RegExp(` {3}(${SGR}) ● REC `, 'g');
const REC = new RegExp(`(${SGR}) ● REC `, 'g');
const REPLAY_FLAG = '\u001B[0m\u001B[1;7m ▶ REPLAY \u001B[0m';
const REPLAY_FLAG_SHORT = '\u001B[0m\u001B[1;7m▶REPLAY\u001B[0m';
// biome-ignore lint/suspicious/noControlCharactersInRegex: see SGR
const ANY_SGR = /\u001B\[[0-9;]*m/g;

/** The replay's keys, drawn as the live key bar draws its own (an inverse key cap, then what it does). */
export const REPLAY_KEYS: readonly (readonly [string, string])[] = [
  ['Space', 'pause'],
  ['→', 'next step'],
  ['q', 'stop'],
];

// biome-ignore lint/suspicious/noControlCharactersInRegex: see SGR
const HAS_SGR = /\u001B\[[0-9;]*m/;

/** One recorded output chunk, as the replay shows it (in colour when the recording has colour). */
export function replayFrame(data: string, color = HAS_SGR.test(data)): string {
  if (!data.includes('● REC') && !data.includes('\r\n')) return data;
  const flagged = data
    .replace(REC_WITH_ROOM, color ? REPLAY_FLAG : ' ▶ REPLAY ')
    .replace(REC, color ? REPLAY_FLAG_SHORT : '▶REPLAY');
  return replaceKeyBar(flagged, color);
}

/**
 * A frame ends with the presenter view's bottom line and a line feed. When that line is the key
 * bar (it starts with a key cap: ` Enter  next …`), the replay's keys take its place; a question
 * or a notice there is left as it was recorded.
 */
function replaceKeyBar(frame: string, color: boolean): string {
  if (!frame.endsWith('\r\n')) return frame;
  const start = frame.lastIndexOf('\r\n', frame.length - 3) + 2;
  const last = frame.slice(start, frame.length - 2);
  if (!/^ [^ ]+ {2}\S/.test(last.replace(ANY_SGR, ''))) return frame;
  return `${frame.slice(0, start)}${replayKeyBar(color)}\r\n`;
}

export function replayKeyBar(color = true): string {
  return REPLAY_KEYS.map(([key, what]) =>
    color ? `\u001B[7m\u001B[1m ${key} \u001B[0m\u001B[90m ${what}\u001B[39m` : ` ${key}  ${what}`,
  ).join('  ');
}
