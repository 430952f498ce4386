// Counts type assertions (`as T`, not `as const`) and non-null assertions (`x!`) per 1,000 lines of
// src/ and packages/*/src, prints them, and fails when over budget: untyped input is parsed once at
// the boundary (zod or a type guard), not cast wherever it is used. Run by `npm test`.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const BUDGET = { casts: 5, nonNull: 3 }; // per 1,000 lines
const enforce = process.argv.includes('--enforce');

function files(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return files(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Source without comments and string contents, so `as` in prose or in a message is not counted. */
function code(text) {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:])\/\/.*$/gm, '$1')
    .replace(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g, "''");
}

const roots = ['src', ...readdirSync('packages').map((p) => join('packages', p, 'src'))];
let lines = 0;
let casts = 0;
let nonNull = 0;
const worst = [];
for (const path of roots.flatMap(files)) {
  const text = readFileSync(path, 'utf8');
  lines += text.split('\n').length;
  const body = code(text)
    .split('\n')
    .filter((line) => !/^\s*(import|export)\b.*\bfrom\b/.test(line))
    .join('\n');
  const fileCasts = (body.match(/\bas\s+(?!const\b)[A-Za-z_{[(]/g) ?? []).length;
  const fileNonNull = (body.match(/[\w)\]]!(?=[.[),;:\s}])/g) ?? []).length;
  casts += fileCasts;
  nonNull += fileNonNull;
  if (fileCasts + fileNonNull > 0) worst.push([fileCasts + fileNonNull, path]);
}
const per1k = (n) => (n * 1000) / lines;
const castRate = per1k(casts).toFixed(1);
const nonNullRate = per1k(nonNull).toFixed(1);
console.log(
  `type discipline: ${lines} lines; ${casts} \`as\` casts (${castRate}/1k, budget ${BUDGET.casts}); ` +
    `${nonNull} non-null \`!\` (${nonNullRate}/1k, budget ${BUDGET.nonNull})`,
);
const over = per1k(casts) > BUDGET.casts || per1k(nonNull) > BUDGET.nonNull;
if (over) {
  worst.sort((a, b) => b[0] - a[0]);
  console.log(
    `  most: ${worst
      .slice(0, 5)
      .map(([n, p]) => `${p} (${n})`)
      .join(', ')}`,
  );
  if (enforce) process.exit(1);
}
