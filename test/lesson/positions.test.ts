import { describe, expect, it } from 'vitest';
import { errors, fence, source } from './helpers.js';

// Every row: a lesson body (starting on line 6) and the errors it must produce, exactly where.
describe('diagnostic positions', () => {
  it.each([
    [
      'unknown attribute in the info string',
      `## S\n\n${fence('sh run timout=30s', 'true')}`,
      ['unknown-attribute 8:11'],
    ],
    [
      'the second of two bad attributes',
      `## S\n\n${fence('sh run exit=x capture=lower', 'true')}`,
      ['invalid-attribute 8:16', 'invalid-variable-name 8:26'],
    ],
    ['a bare-number timeout at its value', `## S\n\n${fence('sh run timeout=30', 'true')}`, ['bad-duration 8:19']],
    [
      'each bad name of a target list',
      `## S\n\n${fence('sh run target=sandbox,kin,konnect', 'true')}`,
      ['unknown-target 8:26', 'target-not-listed 8:30'],
    ],
    ['an indented fence', `## S\n\n  ${fence('sh rn', 'true')}`, ['unknown-attribute 8:9']],
    ['a tilde fence', `## S\n\n~~~sh run id=no!good\ntrue\n~~~\n`, ['invalid-attribute 8:14']],
    ['a quoted value left open', `## S\n\n${fence('yaml file="a b.yaml', 'x: 1')}`, ['invalid-attribute 8:14']],
    [
      'an undefined variable in a command',
      `## S\n\n${fence('sh run', 'echo ok\n  curl {{PROXY}}/a {{ MISSING }}')}`,
      ['undefined-variable 10:20'],
    ],
    [
      'an undefined variable in a check value',
      `## S\n\n${fence('check', 'request: GET {{PROXY}}/x\nexpect:\n  headers:\n    X-Id: "{{NOPE}}"')}`,
      ['undefined-variable 12:12'],
    ],
    [
      'an escaped reference is no reference',
      `## S\n\n${fence('sh run', 'echo \\{{NOPE}} {{NOPE}}')}`,
      ['undefined-variable 9:16'],
    ],
    [
      'an unknown key in a check',
      `## S\n\n${fence('check', 'request: GET {{PROXY}}/x\nexpect:\n  status: 200\n  hedaers: {}')}`,
      ['unknown-key 12:3'],
    ],
    [
      'an unknown key in a flow map',
      `## S\n\n${fence('check', 'request: GET {{PROXY}}/x\nexpect: { status: 200, jsn: {} }')}`,
      ['unknown-key 10:24'],
    ],
    [
      'a wrong type at its value',
      `## S\n\n${fence('check', 'request: GET {{PROXY}}/x\nrepeat: many\nexpect: { status: 200 }')}`,
      ['invalid-check 10:9'],
    ],
    [
      'a missing key at its parent',
      `## S\n\n${fence('check', 'request:\n  method: GET\nexpect: { status: 200 }')}`,
      ['invalid-check 9:1'],
    ],
    [
      'a YAML syntax error',
      `## S\n\n${fence('check', 'request: GET {{PROXY}}/x\nexpect:\n  status: [200\n')}`,
      ['bad-yaml 12:1'],
    ],
    [
      'a bad duration inside eventually',
      `## S\n\n${fence('check', 'request: GET {{PROXY}}/x\nexpect: { status: 200 }\neventually: { timeout: 10 }')}`,
      ['bad-duration 11:24'],
    ],
    [
      'a series of the wrong length',
      `## S\n\n${fence('check', 'request: GET {{PROXY}}/x\nrepeat: 3\nseries:\n  status: [200 x2]')}`,
      ['series-length 12:11'],
    ],
    [
      'Programmed on a KongPlugin',
      `## S\n\n${fence('check k8s', 'resource: KongPlugin/auth\nexpect:\n  condition:\n    type: Programmed')}`,
      ['kongplugin-programmed 12:11'],
    ],
    ['an unknown kind', `## S\n\n${fence('check k8s', 'resource: KongPlugn/auth')}`, ['unknown-kind 9:11']],
    [
      'a nested fence in a list',
      `## S\n\n- item\n\n  ${fence('sh run exit=256', 'true').replace(/\n(?=.)/g, '\n  ')}`,
      ['invalid-attribute 10:18'],
    ],
    [
      'a check in a section',
      `## S\n\n<details>\n<summary>Hint</summary>\n\n${fence(
        'check',
        'request: GET {{PROXY}}/x\nexpect: { status: ' + '200 }',
      )}\n</details>\n`,
      ['block-in-section 11:1'],
    ],
    ['a run block in the intro', `Intro\n\n${fence('sh run', 'true')}\n## S\n`, ['block-outside-step 8:1']],
    ['a missing include', `## S\n\n${fence('yaml include=nope.yaml', '')}`, ['missing-include 8:17']],
    ['an include with a body', `## S\n\n${fence('yaml include=nope.yaml', 'body')}`, ['include-with-body 9:1']],
    ['an unknown container attribute', `## S\n\n::: targets=kind\n\nx\n\n:::\n`, ['unknown-attribute 8:5']],
    ['an unclosed container', `## S\n\n::: target=kind\n\nx\n`, ['unbalanced-container 8:1']],
    ['a stray closing container', `## S\n\nx\n\n:::\n`, ['unbalanced-container 10:1']],
    [
      'a container left open into the next step',
      `## A\n\n::: target=kind\n\nx\n\n## B\n`,
      ['unbalanced-container 8:1'],
    ],
    ['a wrapping container spanning two steps', `::: target=kind\n\n## A\n\nx\n\n## B\n`, ['unbalanced-container 6:1']],
    ['an unclosed section', `## A\n\n<details>\n<summary>Hint</summary>\n\nx\n\n## B\n`, ['unbalanced-details 8:1']],
    [
      'text glued to the summary',
      `## A\n\n<details>\n<summary>Hint</summary>\nglued\n\n</details>\n`,
      ['details-blank-line 8:1'],
    ],
    ['a ::: folded into a list', `## A\n\n- item\n:::\n`, ['container-needs-blank-line 9:1']],
    ['a duplicate step id', `## Same\n\nx\n\n## Same\n\ny\n`, ['duplicate-step-id 10:1']],
    [
      'variants that overlap',
      `::: target=kind,sandbox\n\n## Same\n\n:::\n\n::: target=kind\n\n## Same\n\n:::\n`,
      ['duplicate-step-id 14:1'],
    ],
    [
      'a duplicate block id',
      `## A\n\n${fence('sh run id=x', 'true')}\n${fence('sh run id=x', 'true')}`,
      ['duplicate-block-id 12:14'],
    ],
    ['a step after the clean-up', `## Clean up\n\nx\n\n## Late\n`, ['cleanup-not-last 10:1']],
    [
      'a variable used before it is captured',
      `## A\n\n${fence('sh run', 'echo {{TOKEN}}')}\n${fence('sh run capture=TOKEN', 'echo t')}`,
      ['undefined-variable 9:6'],
    ],
    [
      'a target variable on a target without it',
      `## A\n\n${fence('sh run', 'echo {{NAMESPACE}}')}`,
      ['undefined-variable 9:6'],
    ],
  ])('%s', (_name, body, expected) => {
    expect(errors(source(body))).toEqual(expected);
  });

  it.each([
    [
      'an unknown front matter key',
      '---\nid: x\ntitle: X\ntargest: [sandbox]\n---\n',
      ['invalid-front-matter 1:1', 'unknown-key 4:1'],
    ],
    [
      'a bad id and an unknown target',
      '---\nid: X Y\ntitle: X\ntargets: [sandbox, cloud]\n---\n',
      ['invalid-front-matter 2:5', 'unknown-target 4:20'],
    ],
    ['a bare duration', '---\nid: x\ntitle: X\nduration: 20\ntargets: [sandbox]\n---\n', ['bad-duration 4:11']],
    ['front matter YAML errors', '---\nid: x\ntitle: X: Y\ntargets: [sandbox]\n---\n', ['bad-yaml 3:8']],
    [
      'a var for a target the lesson lacks',
      '---\nid: x\ntitle: X\ntargets: [sandbox]\nvars:\n  TOKEN: { targets: [konnect] }\n---\n',
      ['target-not-listed 6:22'],
    ],
    [
      'a default that fails its pattern',
      '---\nid: x\ntitle: X\ntargets: [sandbox]\nvars:\n  TOKEN:\n    default: abc\n    pattern: ^kpat_\n---\n',
      ['invalid-vars 7:14'],
    ],
  ])('%s', (_name, text, expected) => {
    expect(errors(text)).toEqual(expected);
  });
});
