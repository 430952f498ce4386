import type { DriftEntry } from './report.js';

/**
 * Behaviour pages show that current Kong no longer has (shared/reference/kong-behaviour.md).
 * Each rule finds the old form in a line and gives the current one; `--modernise` rewrites it.
 */
interface DriftRule {
  readonly find: RegExp;
  readonly current: string;
  readonly since: string;
  readonly old: string;
}

const RULES: readonly DriftRule[] = [
  {
    find: /Invalid authentication credentials/g,
    old: 'Invalid authentication credentials',
    current: 'Unauthorized',
    since: 'Kong 3.6 (key-auth, basic-auth)',
  },
  {
    find: /Key realm="kong"/g,
    old: 'Key realm="kong"',
    current: 'Key',
    since: 'Kong 3.7 (WWW-Authenticate on every key-auth 401)',
  },
  { find: /\b(Via:\s*)kong\/(\d)/gi, old: 'Via: kong/x', current: 'Via: 1.1 kong/x', since: 'Kong 3.8' },
  {
    find: /^(\s*)kongCredType:\s*["']?([\w-]+)["']?\s*$/gm,
    old: 'kongCredType',
    current: 'the konghq.com/credential label',
    since: 'Kong Ingress Controller 3.0',
  },
];

/** Finds drift in `text` (whose first line is page line `firstLine`); rewrites it when `modernise`. */
export function applyDrift(text: string, firstLine: number, modernise: boolean, found: DriftEntry[]): string {
  let out = text;
  for (const rule of RULES) {
    for (const match of text.matchAll(rule.find)) {
      const line = firstLine + text.slice(0, match.index).split('\n').length - 1;
      found.push({ line, old: rule.old, current: rule.current, since: rule.since, rewritten: modernise });
    }
    if (!modernise) continue;
    if (rule.old === 'Via: kong/x')
      out = out.replace(rule.find, (_m, prefix: string, digit: string) => `${prefix}1.1 kong/${digit}`);
    else if (rule.old === 'kongCredType') out = moveCredTypeToLabel(out);
    else out = out.replace(rule.find, rule.current);
  }
  return out;
}

/**
 * KIC 3 reads a credential Secret's type from the `konghq.com/credential` label; `kongCredType`
 * in its data is ignored. The label goes under the Secret's metadata (made when missing).
 */
function moveCredTypeToLabel(text: string): string {
  return text
    .split(/^(?=---\s*$)/m)
    .map((doc) => {
      const match = /^(\s*)kongCredType:\s*["']?([\w-]+)["']?\s*\n?/m.exec(doc);
      if (!match) return doc;
      let next = doc.replace(match[0], '');
      const type = match[2] ?? '';
      const labels = /^(\s*)labels:\s*\n/m.exec(next);
      if (labels) return next.replace(labels[0], `${labels[0]}${labels[1]}  konghq.com/credential: ${type}\n`);
      const metadata = /^metadata:\s*\n/m.exec(next);
      if (metadata) next = next.replace(metadata[0], `${metadata[0]}  labels:\n    konghq.com/credential: ${type}\n`);
      return next;
    })
    .join('');
}
