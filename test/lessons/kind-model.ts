// A model of what the kind lessons' commands do to a cluster, for tests that cannot run kind:
// the few kubectl (and sed | kubectl) forms the lessons use, applied to the fake API server, and
// the status Kong Ingress Controller and the Kong operator would then write, following the fact
// sheet (reference/kong-behaviour.md §6-§7). It is deliberately strict: a command it does not
// understand fails the test rather than being skipped.
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import type { FakeKubeApi } from '../kube/fake-api-server.js';
import type { FakeObject } from '../kube/fixtures.js';

export const MODEL_ORGANIZATION_ID = '7c1e4b2a-93d5-4f60-8a1b-2e3c4d5f6a7b';

/** Splits a shell statement into words: quotes, `$VAR`/`${VAR}` in double quotes or bare words, and `|`. */
export function shellWords(statement: string, env: Readonly<Record<string, string>>): string[] {
  const words: string[] = [];
  const expand = (text: string) => text.replace(/\$\{?([A-Z_][A-Z0-9_]*)\}?/g, (_m, name: string) => env[name] ?? '');
  const pattern = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\|)|([^\s"'|]+)/g;
  let current: string | undefined;
  let last = -1;
  for (const match of statement.matchAll(pattern)) {
    const adjacent = match.index === last;
    const piece =
      match[1] !== undefined
        ? expand(match[1].replace(/\\(["\\$`])/g, '$1'))
        : (match[2] ?? (match[3] ? undefined : expand(match[4]!)));
    if (piece === undefined) {
      if (current !== undefined) words.push(current);
      words.push('|');
      current = undefined;
    } else if (adjacent && current !== undefined) {
      current += piece;
    } else {
      if (current !== undefined) words.push(current);
      current = piece;
    }
    last = match.index + match[0].length;
  }
  if (current !== undefined) words.push(current);
  return words;
}

/** Runs one `run` block's text against the fake cluster. */
export function applyCommands(api: FakeKubeApi, command: string, env: Readonly<Record<string, string>>): void {
  for (const statement of command
    .replaceAll('\\\n', ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)) {
    const stages = splitPipeline(shellWords(statement, env));
    let stdin: string | undefined;
    for (const stage of stages) stdin = runStage(api, stage, stdin);
  }
}

function splitPipeline(words: string[]): string[][] {
  const stages: string[][] = [[]];
  for (const word of words) word === '|' ? stages.push([]) : stages.at(-1)!.push(word);
  return stages;
}

function runStage(api: FakeKubeApi, words: string[], stdin: string | undefined): string | undefined {
  const [program, verb] = words;
  if (program === 'sed') return sed(words.slice(1));
  if (program === 'kubectl' && verb === 'apply') return void kubectlApply(api, words.slice(2), stdin);
  if (program === 'kubectl' && verb === 'annotate') return void kubectlAnnotate(api, words.slice(2));
  throw new Error(`the kind model does not know: ${words.join(' ')}`);
}

function sed(args: string[]): string {
  const scripts: string[] = [];
  let file: string | undefined;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '-e') scripts.push(args[++i]!);
    else if (scripts.length === 0) scripts.push(args[i]!);
    else file = args[i];
  }
  if (!file) throw new Error('sed without a file');
  return scripts.reduce(
    (text, script) => {
      const match = /^s\/((?:[^/\\]|\\.)*)\/((?:[^/\\]|\\.)*)\/$/.exec(script);
      if (!match) throw new Error(`the kind model does not know the sed script ${script}`);
      return text.replaceAll(new RegExp(match[1]!, 'g'), () => match[2]!);
    },
    readFileSync(file, 'utf8'),
  );
}

function option(args: string[], name: string): string[] {
  return args.flatMap((arg, i) => (arg === name ? [args[i + 1]!] : []));
}

function kubectlApply(api: FakeKubeApi, args: string[], stdin: string | undefined): void {
  const [namespace] = option(args, '-n');
  for (const file of option(args, '-f')) {
    const text = file === '-' ? stdin : readFileSync(file, 'utf8');
    if (text === undefined) throw new Error('kubectl apply -f - without input');
    for (const doc of parseAllDocuments(text)) {
      const object = doc.toJS() as FakeObject;
      // stringData is write-only: the API server stores it base64-encoded under data.
      const stringData = object.stringData as Record<string, string> | undefined;
      if (stringData) {
        object.data = Object.fromEntries(
          Object.entries(stringData).map(([key, value]) => [key, Buffer.from(value).toString('base64')]),
        );
        delete object.stringData;
      }
      const previous = api.getObject(object.apiVersion, object.kind, object.metadata.name, namespace);
      api.setObject({
        ...object,
        metadata: {
          ...object.metadata,
          namespace,
          annotations: { ...previous?.metadata.annotations, ...object.metadata.annotations },
        },
        ...(previous?.status ? { status: previous.status } : {}),
      });
    }
  }
}

const KINDS: Readonly<Record<string, { apiVersion: string; kind: string }>> = {
  ingress: { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress' },
  kongconsumer: { apiVersion: 'configuration.konghq.com/v1', kind: 'KongConsumer' },
};

function kubectlAnnotate(api: FakeKubeApi, args: string[]): void {
  const [namespace] = option(args, '-n');
  const rest = args.filter((arg, i) => arg !== '-n' && args[i - 1] !== '-n' && arg !== '--overwrite');
  const type = KINDS[rest[0]!];
  if (!type) throw new Error(`the kind model cannot annotate ${rest[0]}`);
  const names = rest.slice(1).filter((word) => !word.includes('=') && !word.endsWith('-'));
  const changes = rest.slice(1).filter((word) => word.includes('=') || word.endsWith('-'));
  for (const name of names) {
    const object = api.getObject(type.apiVersion, type.kind, name, namespace);
    if (!object) throw new Error(`kubectl annotate: ${rest[0]} ${name} not found`);
    const annotations = { ...object.metadata.annotations };
    for (const change of changes) {
      if (change.endsWith('-')) delete annotations[change.slice(0, -1)];
      else annotations[change.slice(0, change.indexOf('='))] = change.slice(change.indexOf('=') + 1);
    }
    api.setObject({ ...object, metadata: { ...object.metadata, annotations } });
  }
}

/**
 * What the controllers write once they have seen the objects: Deployments become Available,
 * KIC programs a KongConsumer whose ingress class and credential Secrets are right, and the
 * operator validates a KonnectAPIAuthConfiguration, reading a Secret only with both labels.
 */
export function reconcile(
  api: FakeKubeApi,
  namespace: string,
  objects: readonly { apiVersion: string; kind: string; name: string }[],
): void {
  for (const ref of objects) {
    const object = api.getObject(ref.apiVersion, ref.kind, ref.name, namespace);
    if (!object) continue;
    const generation = object.metadata.generation ?? 1;
    const status = statusFor(api, namespace, object, generation);
    if (status) api.setObject({ ...object, metadata: { ...object.metadata, generation }, status });
  }
}

function statusFor(
  api: FakeKubeApi,
  namespace: string,
  object: FakeObject,
  generation: number,
): Record<string, unknown> | undefined {
  const condition = (type: string, ok: boolean, reason: string, message: string) => ({
    type,
    status: ok ? 'True' : 'False',
    reason,
    message,
    observedGeneration: generation,
    lastTransitionTime: '2026-01-01T00:00:00Z',
  });
  switch (object.kind) {
    case 'Deployment':
      return {
        observedGeneration: generation,
        conditions: [
          {
            type: 'Available',
            status: 'True',
            reason: 'MinimumReplicasAvailable',
            message: 'Deployment has minimum availability.',
          },
        ],
      };
    case 'KongConsumer': {
      const classOk = object.metadata.annotations?.['kubernetes.io/ingress.class'] === 'kong';
      const credentialsOk = ((object.credentials as string[] | undefined) ?? []).every(
        (name) =>
          api.getObject('v1', 'Secret', name, namespace)?.metadata.labels?.['konghq.com/credential'] === 'key-auth',
      );
      if (!classOk) return undefined; // another controller's consumer: KIC writes nothing
      return {
        conditions: [
          credentialsOk
            ? condition('Programmed', true, 'Programmed', 'Object was successfully configured in Kong.')
            : condition(
                'Programmed',
                false,
                'Invalid',
                'Object failed to be configured in Kong - see its attached Events for more information.',
              ),
        ],
      };
    }
    case 'KonnectAPIAuthConfiguration': {
      const spec = object.spec as { type: string; token?: string; secretRef?: { name: string }; serverURL: string };
      const serverURL = spec.serverURL.startsWith('https://') ? spec.serverURL : `https://${spec.serverURL}`;
      let problem: string | undefined;
      let message = 'Token is valid';
      if (spec.type === 'secretRef') {
        const secretName = `${namespace}/${spec.secretRef!.name}`;
        const secret = api.getObject('v1', 'Secret', spec.secretRef!.name, namespace);
        const labels = secret?.metadata.labels ?? {};
        // Since kong-operator 2.0 the cache only holds Secrets labelled konghq.com/secret: "true".
        if (!secret || labels['konghq.com/secret'] !== 'true') problem = `Secret ${secretName} not found`;
        else if (labels['konghq.com/credential'] !== 'konnect')
          problem = `secret ${secretName} does not have label konghq.com/credential: konnect`;
        message = `Token from Secret ${secretName} is valid`;
      }
      return problem
        ? { serverURL, conditions: [condition('APIAuthValid', false, 'Invalid', problem)] }
        : {
            organizationID: MODEL_ORGANIZATION_ID,
            serverURL,
            conditions: [condition('APIAuthValid', true, 'Valid', message)],
          };
    }
    default:
      return undefined;
  }
}
