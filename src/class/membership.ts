import { rmSync } from 'node:fs';
import { z } from 'zod';
import { readJsonFile, writeFileAtomicallySync } from '../state/index.js';
import { ClassError } from './class-store.js';
import { normalizeJoinCode } from './codes.js';
import { classPaths } from './paths.js';

const membershipSchema = z.object({
  version: z.literal(1),
  url: z.string(),
  code: z.string(),
  learnerId: z.string(),
  learnerKey: z.string(),
  name: z.string(),
  className: z.string(),
});
export type Membership = z.infer<typeof membershipSchema>;

/** The class this learner joined, if any; a membership file this version cannot read counts as none. */
export function loadMembership(): Membership | undefined {
  const read = readJsonFile(classPaths().membership);
  if (read.status !== 'ok') return undefined;
  const parsed = membershipSchema.safeParse(read.value);
  return parsed.success ? parsed.data : undefined;
}

/** `join <url>#<code>`, `join host:port#code` or `join host:port CODE`: the server's base URL and the code. */
function parseJoinTarget(target: string, code?: string): { url: string; code: string } {
  const hash = target.indexOf('#');
  const rawCode = code ?? (hash >= 0 ? target.slice(hash + 1) : '');
  const address = hash >= 0 ? target.slice(0, hash) : target;
  let url: URL;
  try {
    url = new URL(/^https?:\/\//i.test(address) ? address : `http://${address}`);
  } catch {
    throw new ClassError(
      `${target} is not a class address`,
      'copy the join line the instructor shows: kong-workshop join http://HOST:PORT#CODE',
    );
  }
  const normalized = normalizeJoinCode(rawCode);
  if (normalized.length < 16)
    throw new ClassError(
      'the join code is missing or too short',
      'it is the part after # in the join line (or the code read aloud), e.g. kong-workshop join HOST:PORT ' +
        '7K3Q-M2XD-9PZA-TT4E-QW1R',
    );
  return { url: url.origin, code: normalized };
}

/** Joins over HTTP and keeps the membership (mode 0600: it holds this learner's key). */
export async function joinClass(target: string, options: { code?: string; name: string }): Promise<Membership> {
  const { url, code } = parseJoinTarget(target, options.code);
  let response: Response;
  try {
    response = await fetch(`${url}/api/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-class-code': code },
      body: JSON.stringify({ name: options.name }),
      signal: AbortSignal.timeout(10_000),
    });
  } catch (error) {
    throw new ClassError(
      `the class server at ${url} does not answer: ${(error as Error).message}`,
      'check the address with your instructor; the server must be running and reachable from this machine',
    );
  }
  const answer: unknown = await response.json().catch(() => undefined);
  const parsed = z
    .object({ learnerId: z.string(), learnerKey: z.string(), name: z.string(), className: z.string() })
    .safeParse(answer);
  if (!response.ok || !parsed.success) {
    const message =
      typeof answer === 'object' && answer !== null && 'error' in answer
        ? String(answer.error)
        : `HTTP ${response.status}`;
    throw new ClassError(
      `could not join the class: ${message}`,
      response.status === 401 ? 'check the join code with your instructor' : 'try again, or ask your instructor',
    );
  }
  const membership: Membership = { version: 1, url, code, ...parsed.data };
  writeFileAtomicallySync(classPaths().membership, `${JSON.stringify(membership, null, 2)}\n`);
  return membership;
}

export function leaveClass(): boolean {
  const had = loadMembership() !== undefined;
  rmSync(classPaths().membership, { force: true });
  rmSync(classPaths().outbox, { recursive: true, force: true });
  return had;
}
