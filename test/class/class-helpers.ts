import { execa, type ResultPromise } from 'execa';
import { cliPath, repoRoot } from '../helpers/cli.js';

export interface ClassProcess {
  readonly process: ResultPromise;
  readonly url: string;
  readonly code: string;
  readonly instructorToken: string;
  readonly output: () => string;
}

/** `kong-workshop class start` as a real process on a free loopback port, once its join line is out. */
export async function startClassProcess(home: string, args: readonly string[] = []): Promise<ClassProcess> {
  const child = execa('node', [cliPath, 'class', 'start', '--listen', '127.0.0.1:0', ...args], {
    cwd: repoRoot,
    env: { NO_COLOR: '1', KONG_WORKSHOP_HOME: home },
    reject: false,
    stdin: 'ignore',
  });
  let output = '';
  const ready = new Promise<{ url: string; code: string; token: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`class start did not print its join line:\n${output}`)), 20_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const join = /kong-workshop join (http:\/\/[^#\s]+)#(\S+)/.exec(output);
      const page = /#instructor=(\S+)/.exec(output);
      if (join?.[1] && join[2] && page?.[1]) {
        clearTimeout(timer);
        resolve({ url: join[1], code: join[2], token: page[1] });
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    void child.then(() => reject(new Error(`class start exited:\n${output}`)));
  });
  const { url, code, token } = await ready;
  return { process: child, url, code, instructorToken: token, output: () => output };
}

export async function learnerJoin(
  url: string,
  code: string,
  name: string,
): Promise<{ learnerId: string; learnerKey: string; name: string }> {
  const response = await fetch(`${url}/api/join`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-class-code': code },
    body: JSON.stringify({ name }),
  });
  if (!response.ok) throw new Error(`join failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as { learnerId: string; learnerKey: string; name: string };
}

export function learnerHeaders(
  code: string,
  learner: { learnerId: string; learnerKey: string },
): Record<string, string> {
  return {
    'content-type': 'application/json',
    'x-class-code': code,
    'x-learner-id': learner.learnerId,
    'x-learner-key': learner.learnerKey,
  };
}

export async function instructorGet(url: string, token: string, path: string): Promise<Response> {
  return fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } });
}
