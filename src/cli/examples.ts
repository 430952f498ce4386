import type { Command } from 'commander';
import { commandPath } from './usage.js';

/**
 * Examples for every command's `--help`, by the words that reach it. A test checks that each
 * command of the parser has some, so a new command cannot ship without them.
 */
const EXAMPLES: Readonly<Record<string, readonly string[]>> = {
  '': [
    'kong-workshop                                   # open the guided workshop',
    'kong-workshop run --target sandbox              # the whole workshop, headless',
    'kong-workshop doctor --target gateway           # what this machine lacks for a target',
  ],
  start: ['kong-workshop start', 'kong-workshop start 02-key-auth --target kind-lab'],
  run: [
    'kong-workshop run                                             # the bundled workshop on the sandbox',
    'kong-workshop run 02-key-auth --format junit --report-file report.xml',
    'kong-workshop run 04-per-consumer-limits --format html --report-file report.html   # a page to open',
    'kong-workshop run my-lesson.md --trust --target gateway --var PROXY=http://localhost:8000',
    'KONNECT_TOKEN=kpat_… kong-workshop run --target konnect --var PROXY=http://localhost:8000',
    'kong-workshop run my-lesson.md --trust --secret-file API_KEY=./api-key.txt',
    'kong-workshop run my-lesson.md --trust --watch --from 3                # while writing a lesson',
  ],
  check: [
    'kong-workshop check 02-key-auth                 # verify work done by hand',
    'kong-workshop check --target kind --format json',
  ],
  env: ['eval "$(kong-workshop env)"', 'kong-workshop env --shell fish --lesson 02-key-auth | source'],
  clean: ['kong-workshop clean 02-key-auth', 'kong-workshop clean 02-key-auth --keep-files'],
  verify: [
    'kong-workshop verify lessons --target sandbox',
    'kong-workshop verify my-lesson.md --trust --format junit --report-file verify.xml',
  ],
  demo: [
    'kong-workshop demo                               # present the bundled lessons',
    'kong-workshop demo 02-key-auth --from 02-key-auth:3 --record talk.cast',
    'kong-workshop demo --replay talk.cast',
  ],
  sandbox: ['kong-workshop sandbox start', 'kong-workshop sandbox status --format json'],
  'sandbox start': ['kong-workshop sandbox start', 'kong-workshop sandbox start --proxy-port 0 --admin-port 0'],
  'sandbox stop': ['kong-workshop sandbox stop'],
  'sandbox status': ['kong-workshop sandbox status', 'kong-workshop sandbox status --format json'],
  'sandbox sync': ['kong-workshop sandbox sync kong.yaml', 'deck file render kong.yaml | kong-workshop sandbox sync -'],
  'sandbox apply': ['kong-workshop sandbox apply consumers.yaml'],
  'sandbox reset': ['kong-workshop sandbox reset'],
  'sandbox token': ['curl -H "Authorization: Bearer $(kong-workshop sandbox token)" http://localhost:8001/services'],
  'sandbox kubeconfig': ['export KUBECONFIG=$(kong-workshop sandbox kubeconfig)'],
  'sandbox advance': ['kong-workshop sandbox advance 60s', 'kong-workshop sandbox advance 1h'],
  'sandbox whoami': ['kong-workshop sandbox whoami'],
  'sandbox login': ['kong-workshop sandbox login'],
  'sandbox logout': ['kong-workshop sandbox logout'],
  'sandbox approve': ['kong-workshop sandbox approve BCDF-GH23'],
  'sandbox logs': ['kong-workshop sandbox logs', 'kong-workshop sandbox logs --follow'],
  apply: ['kong-workshop apply -f consumer.yaml', 'cat plugin.yaml | kong-workshop apply -f -'],
  delete: [
    'kong-workshop delete kongconsumer alex -n kong',
    'kong-workshop delete -f consumer.yaml --ignore-not-found',
  ],
  get: [
    'kong-workshop get kongconsumers -n kong',
    'kong-workshop get kc alex --format yaml',
    'kong-workshop get kongplugin,kongconsumer -A',
  ],
  annotate: [
    'kong-workshop annotate kongconsumer alex konghq.com/plugins=rate-limit -n kong',
    'kong-workshop annotate kongconsumer alex konghq.com/plugins-   # remove it',
  ],
  lint: [
    'kong-workshop lint',
    'kong-workshop lint my-lessons/ --strict --format github',
    'kong-workshop lint my-lessons/ --format json --report-file lint.json   # text on the console too',
    'kong-workshop lint --watch',
  ],
  import: [
    'kong-workshop import how-to.md                                  # the report only',
    'kong-workshop import workshop-pages/ --out lessons/ --format json',
  ],
  new: ['kong-workshop new my-first-lesson', 'kong-workshop new rate-limits --dir lessons/'],
  doctor: [
    'kong-workshop doctor',
    'kong-workshop doctor --target kind --context kind-kong',
    'kong-workshop doctor --target gateway --format json',
  ],
  class: ['kong-workshop class start --listen 0.0.0.0:4100', 'kong-workshop class export --format json'],
  'class start': ['kong-workshop class start', 'kong-workshop class start --listen 0.0.0.0:4100 --name "Kong 101"'],
  'class stop': ['kong-workshop class stop'],
  'class export': ['kong-workshop class export', 'kong-workshop class export --format json --report-file class.json'],
  'class say': ['kong-workshop class say "Break until 11:00"', 'kong-workshop class say ""   # clear it'],
  'class pace': ['kong-workshop class pace 02-key-auth:3', 'kong-workshop class pace --clear'],
  'class timebox': ['kong-workshop class timebox 02-key-auth 20', 'kong-workshop class timebox 02-key-auth --clear'],
  join: ['kong-workshop join http://10.0.0.5:4100#K7QX2M --name Alex', 'kong-workshop join --leave'],
  hand: ['kong-workshop hand', 'kong-workshop hand --down'],
  completion: [
    'source <(kong-workshop completion bash)',
    'kong-workshop completion bash > ~/.local/share/bash-completion/completions/kong-workshop',
    'kong-workshop completion zsh > ~/.zfunc/_kong-workshop   # with ~/.zfunc in fpath',
    'kong-workshop completion fish > ~/.config/fish/completions/kong-workshop.fish',
  ],
};

/** The examples of `command`, by its path without the program's name. */
export function examplesFor(command: Command): readonly string[] {
  return EXAMPLES[commandPath(command).split(' ').slice(1).join(' ')] ?? [];
}

/** Adds an Examples section to the help of `command` and every command under it. */
export function addExamples(command: Command): void {
  const examples = examplesFor(command);
  if (examples.length) command.addHelpText('after', `\nExamples:\n${examples.map((line) => `  ${line}`).join('\n')}`);
  for (const sub of command.commands) addExamples(sub);
}
