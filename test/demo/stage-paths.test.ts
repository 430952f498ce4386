import { describe, expect, it } from 'vitest';
import { StageRedactor, stagePathRewriter, stagePathsFor } from '../../src/demo/index.js';
import type { Lesson } from '../../src/lesson/index.js';

const lesson = { id: 'per-consumer-limits', file: '/home/ada/src/kong-workshop/lessons/04-per-consumer-limits.md' };
const paths = stagePathsFor({
  lessons: [lesson as Lesson],
  workdirFor: () => '/home/ada/.local/state/kong-workshop/work/per-consumer-limits/sandbox',
  fixturesDirFor: () => '/home/ada/src/kong-workshop/fixtures',
  home: '/home/ada',
  packageRoot: '/home/ada/src/kong-workshop',
  workshopHome: '/srv/talk/kw',
});
const rewrite = stagePathRewriter(paths);

describe('paths on stage', () => {
  it.each([
    [
      'DECK_UPSTREAM="$UPSTREAM" kong-workshop sandbox sync /home/ada/src/kong-workshop/fixtures/deck/rate-limits.yaml',
      'DECK_UPSTREAM="$UPSTREAM" kong-workshop sandbox sync $FIXTURES/deck/rate-limits.yaml',
    ],
    ['cat /home/ada/.local/state/kong-workshop/work/per-consumer-limits/sandbox/kong.yaml', 'cat ./kong.yaml'],
    ['cd /home/ada/.local/state/kong-workshop/work/per-consumer-limits/sandbox', 'cd .'],
    [
      'less /home/ada/src/kong-workshop/lessons/04-per-consumer-limits.md',
      'less $LESSON_DIR/04-per-consumer-limits.md',
    ],
    ['ls /home/ada/src/kong-workshop/bin', 'ls <kong-workshop>/bin'],
    ['ls /home/ada/notes', 'ls ~/notes'],
    ['ls /home/ada', 'ls ~'],
    ['(KUBECONFIG=/srv/talk/kw/state/sandbox/kubeconfig)', '(KUBECONFIG=$KONG_WORKSHOP_HOME/state/sandbox/kubeconfig)'],
  ])('%s → %s', (text, shown) => {
    expect(rewrite(text)).toBe(shown);
  });

  it('leaves other paths alone, and never cuts a longer name at a shorter one', () => {
    expect(rewrite('ls /home/adam/x /tmp/y /home/ada.bak')).toBe('ls /home/adam/x /tmp/y /home/ada.bak');
    // A path of one segment is too broad to rewrite.
    expect(stagePathRewriter([{ path: '/tmp', shown: '$TMP' }])('ls /tmp/x')).toBe('ls /tmp/x');
  });

  it('the talk redactor rewrites paths and still masks secrets, in text and in events', () => {
    const redactor = new StageRedactor(paths);
    redactor.add('kpat_secret_token_123456');
    expect(redactor.redact('curl -H "Authorization: kpat_secret_token_123456" /home/ada/x')).toBe(
      'curl -H "Authorization: ********" ~/x',
    );
    const event = { type: 'command-started', command: 'sync /home/ada/src/kong-workshop/fixtures/a.yaml', step: 1 };
    expect(redactor.redactDeep(event)).toEqual({ ...event, command: 'sync $FIXTURES/a.yaml' });
    // Without any secret registered, paths are still rewritten.
    expect(new StageRedactor(paths).redactDeep({ line: 'wrote /home/ada/y' })).toEqual({ line: 'wrote ~/y' });
  });
});
