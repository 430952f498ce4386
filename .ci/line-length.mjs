// Fails when a line of code is longer than 120 characters (what biome's formatter aims for, but it
// does not break strings, comments or templates). Counts characters, not bytes. Run by `npm test`.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const LIMIT = 120;
const tracked = execFileSync('git', ['ls-files', '-co', '--exclude-standard'], { encoding: 'utf8' })
  .split('\n')
  .filter((path) => /\.(ts|tsx|mts|mjs|js)$/.test(path) && !path.startsWith('stubs/'));
const long = [];
let lines = 0;
for (const path of tracked) {
  let text;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    continue; // listed by git but deleted in the working tree
  }
  text.split('\n').forEach((line, index) => {
    lines += 1;
    const width = [...line].length;
    if (width > LIMIT) long.push(`${path}:${index + 1}: ${width} characters`);
  });
}
console.log(`line length: ${lines} lines in ${tracked.length} files; ${long.length} over ${LIMIT} characters`);
if (long.length > 0) {
  for (const entry of long.slice(0, 20)) console.log(`  ${entry}`);
  if (long.length > 20) console.log(`  … and ${long.length - 20} more`);
  process.exit(1);
}
