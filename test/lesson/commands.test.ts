import { describe, expect, it } from 'vitest';
import { FLAG_TABLES } from '../../src/lesson/commands/flag-tables.js';
import { commandsOf } from '../../src/lesson/commands/shell-words.js';
import { invocationOf, unknownFlags } from '../../src/lesson/commands/tool-flags.js';

const words = (script: string) => commandsOf(script).map((command) => command.words.map((word) => word.text));

describe('commandsOf', () => {
  it('splits commands at newlines and operators, and joins continued lines', () => {
    const script =
      'deck gateway sync a.yaml \\\n  --select-tag x && kubectl get pods | grep kong; echo "a b" # comment\n( cd x )';
    expect(words(script)).toEqual([
      ['deck', 'gateway', 'sync', 'a.yaml', '--select-tag', 'x'],
      ['kubectl', 'get', 'pods'],
      ['grep', 'kong'],
      ['echo', 'a b'],
      ['cd', 'x'],
    ]);
  });

  it('keeps quoted text, $(…) and {{VAR}} in one word, and knows a word that is only a variable', () => {
    const [command] = commandsOf(
      `kubectl apply -n "$NAMESPACE" -f {{FIXTURES}}/x.yaml --token "$(cat 'my file')" --ns=\${NS} '{{ CLUSTER }}'`,
    );
    expect(command?.words.map((word) => [word.text, word.variable])).toEqual([
      ['kubectl', undefined],
      ['apply', undefined],
      ['-n', undefined],
      ['$NAMESPACE', 'NAMESPACE'],
      ['-f', undefined],
      ['{{FIXTURES}}/x.yaml', undefined],
      ['--token', undefined],
      ["$(cat 'my file')", undefined],
      [`--ns=\${NS}`, undefined],
      ['{{ CLUSTER }}', 'CLUSTER'],
    ]);
  });

  it('separates leading assignments and a leading ! from the command, and gives each word its offset', () => {
    const script = 'echo hi\n! KONGCTL_DEFAULT_KONNECT_PAT=x DECK_UPSTREAM="$U" kongctl get me';
    const [, second] = commandsOf(script);
    expect(second?.assignments.map((word) => word.text)).toEqual(['KONGCTL_DEFAULT_KONNECT_PAT=x', 'DECK_UPSTREAM=$U']);
    expect(second?.words.map((word) => word.text)).toEqual(['kongctl', 'get', 'me']);
    expect(second?.words[0]?.start).toBe(script.indexOf('kongctl'));
  });
});

describe('invocationOf and unknownFlags', () => {
  const call = (script: string) => {
    const [command] = commandsOf(script);
    if (!command) throw new Error('no command');
    return invocationOf(command);
  };

  it('finds the command in the table even after a global flag and its value', () => {
    expect(call('kubectl -n kong rollout status deployment/echo')?.path).toBe('rollout status');
    expect(call('deck gateway sync kong.yaml')?.path).toBe('gateway sync');
    expect(call('helm repo add kong https://charts.konghq.com')?.path).toBe('repo add');
    expect(call('kongctl get organization')?.path).toBe('get organization');
    expect(call('curl -s http://x')).toBeUndefined();
  });

  it('reads flag values, shorthands and --flag=value, with the variable a value is', () => {
    const invocation = call('kubectl apply -n "$NAMESPACE" --filename={{FIXTURES}}/a.yaml -oyaml');
    expect(invocation?.flags.map((flag) => [flag.name, flag.value?.text, flag.value?.variable])).toEqual([
      ['namespace', '$NAMESPACE', 'NAMESPACE'],
      ['filename', '{{FIXTURES}}/a.yaml', undefined],
      ['output', 'yaml', undefined],
    ]);
  });

  it('reports flags the command does not have, with the closest real one', () => {
    const invocation = call(
      'deck gateway sync kong.yaml --konnect-adr "$X" --select-tag a -w default --selct-tag b -Z -- --not-a-flag',
    );
    expect(invocation && unknownFlags(invocation).map((unknown) => [unknown.flag.written, unknown.suggestion])).toEqual(
      [
        ['konnect-adr', 'konnect-addr'],
        ['selct-tag', 'select-tag'],
        ['Z', undefined],
      ],
    );
  });

  it('checks nothing for a command the table does not list', () => {
    const invocation = call('kubectl frobnicate --whatever');
    expect(invocation?.path).toBeUndefined();
    expect(invocation && unknownFlags(invocation)).toEqual([]);
  });
});

describe('the flag tables', () => {
  it('say for every tool where its flags were read: repository, release tag and files', () => {
    expect(Object.keys(FLAG_TABLES).sort()).toEqual(['deck', 'helm', 'kongctl', 'kubectl']);
    for (const table of Object.values(FLAG_TABLES)) {
      expect(table.repo).toMatch(/^[\w-]+\/[\w-]+$/);
      expect(table.tag).toMatch(/^v\d+\.\d+\.\d+$/);
      expect(table.global.sources.length).toBeGreaterThan(0);
      for (const [path, list] of Object.entries(table.commands)) {
        // A command without flags of its own (deck version) has no file to name.
        if (list.flags !== '') expect(list.sources.length, `${table.repo} ${path}`).toBeGreaterThan(0);
        expect(list.flags, `${table.repo} ${path}`).toMatch(/^([a-z0-9][a-z0-9-]*(:[A-Za-z])?( |$))*$/);
      }
    }
  });
});
