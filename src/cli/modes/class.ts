import { createInterface } from 'node:readline/promises';
import {
  ClassError,
  createClassReporter,
  exportClass,
  instructorConnection,
  instructorRequest,
  isClassView,
  joinClass,
  leaveClass,
  loadMembership,
  startClass,
  stopClass,
  type ExportFormat,
} from '../../class/index.js';
import { shouldColor } from '../../shared/index.js';
import { writeFileAtomically } from '../../state/index.js';
import { CliError, ExitCode } from '../exit-codes.js';
import { validateReportFile } from '../output-options.js';

/** ClassError carries a message and a hint; at the CLI boundary it becomes a usage or fault exit. */
async function guarded(action: () => Promise<number>, code: ExitCode = ExitCode.Fault): Promise<number> {
  try {
    return await action();
  } catch (error) {
    if (error instanceof ClassError) throw new CliError(code, error.message, error.hint);
    throw error;
  }
}

export function classStartCommand(options: {
  name?: string;
  listen?: string;
  stuckMinutes?: number;
  new?: boolean;
}): Promise<number> {
  return guarded(async () => {
    const running = await startClass({
      name: options.name,
      listen: options.listen,
      stuckMinutes: options.stuckMinutes,
      fresh: options.new,
    });
    // Listening for signals before printing: whoever read the join line may stop us at once.
    const onSignal = () => void running.stop();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    process.once('SIGHUP', onSignal);
    process.stdout.write(`${running.lines.join('\n')}\n`);
    await running.stopped;
    await running.stop();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.off('SIGHUP', onSignal);
    process.stdout.write('The class server stopped; the class is kept (`kong-workshop class start` resumes it).\n');
    return ExitCode.Ok;
  });
}

export function classStopCommand(): Promise<number> {
  return guarded(async () => {
    process.stdout.write(`${await stopClass()}\n`);
    return ExitCode.Ok;
  });
}

export function classExportCommand(options: { format: ExportFormat; reportFile?: string }): Promise<number> {
  return guarded(async () => {
    validateReportFile(options.reportFile);
    const text = exportClass(options.format);
    if (options.reportFile) await writeFileAtomically(options.reportFile, text, { mode: 0o600 });
    else process.stdout.write(text);
    return ExitCode.Ok;
  });
}

export function classSayCommand(message: string): Promise<number> {
  return guarded(async () => {
    await instructorRequest(instructorConnection(), '/api/broadcast', { text: message });
    process.stdout.write(message.trim() ? `Sent to every learner: ${message.trim()}\n` : 'Cleared the message.\n');
    return ExitCode.Ok;
  });
}

export function classPaceCommand(lesson: string | undefined, options: { clear?: boolean }): Promise<number> {
  return guarded(async () => {
    if (options.clear || !lesson) {
      if (!options.clear)
        throw new CliError(ExitCode.Usage, 'which lesson?', 'kong-workshop class pace 02-key-auth[:STEP], or --clear');
      await instructorRequest(instructorConnection(), '/api/pace', { lessonId: null, step: null });
      process.stdout.write('Pacing lifted: every step is open.\n');
      return ExitCode.Ok;
    }
    const [lessonId = '', stepText] = lesson.split(':');
    const step = stepText === undefined ? null : Number(stepText);
    if (step !== null && !(Number.isInteger(step) && step >= 1))
      throw new CliError(
        ExitCode.Usage,
        `${lesson}: the step is a number from 1`,
        'e.g. kong-workshop class pace 02-key-auth:3',
      );
    await instructorRequest(instructorConnection(), '/api/pace', { lessonId, step: step === null ? null : step - 1 });
    process.stdout.write(
      `Paced to ${lessonId}${step === null ? '' : ` step ${step}`}: later steps show as "not yet".\n`,
    );
    return ExitCode.Ok;
  });
}

export function classTimeboxCommand(
  lesson: string,
  minutes: number | undefined,
  options: { clear?: boolean },
): Promise<number> {
  return guarded(async () => {
    if (!options.clear && minutes === undefined)
      throw new CliError(ExitCode.Usage, 'how many minutes?', `kong-workshop class timebox ${lesson} 15, or --clear`);
    await instructorRequest(instructorConnection(), '/api/timebox', {
      lessonId: lesson,
      minutes: options.clear ? null : (minutes ?? null),
    });
    process.stdout.write(
      options.clear ? `Time box for ${lesson} removed.\n` : `Time box for ${lesson}: ${minutes} minutes from now.\n`,
    );
    return ExitCode.Ok;
  });
}

/** `kong-workshop class`: the instructor's terminal view; piped, one text snapshot of the class. */
export function classViewCommand(): Promise<number> {
  return guarded(async () => {
    const connection = instructorConnection();
    const ui = await import('../../ui/index.js');
    if (!process.stdout.isTTY || !process.stdin.isTTY) {
      const view = await instructorRequest(connection, '/api/view');
      if (!isClassView(view))
        throw new CliError(
          ExitCode.Fault,
          'the class server answered with something that is not a class view',
          'is the server at that address a kong-workshop class of the same version?',
        );
      process.stdout.write(`${ui.classSnapshotText(view, process.stdout.columns || 100)}\n`);
      return ExitCode.Ok;
    }
    const { followClass } = await import('../../class/index.js');
    await ui.runClassUi({
      follow: (onView) => followClass(connection, onView),
      url: connection.url,
      color: shouldColor(process.stdout),
    });
    return ExitCode.Ok;
  });
}

export function joinCommand(
  address: string | undefined,
  code: string | undefined,
  options: { name?: string; leave?: boolean },
): Promise<number> {
  return guarded(async () => {
    if (options.leave) {
      process.stdout.write(
        leaveClass() ? 'You left the class: nothing is reported any more.\n' : 'You are not in a class.\n',
      );
      return ExitCode.Ok;
    }
    if (!address)
      throw new CliError(
        ExitCode.Usage,
        'join which class?',
        'copy the line your instructor shows: kong-workshop join http://HOST:PORT#CODE',
      );
    const name = options.name ?? (await askName());
    const membership = await joinClass(address, { code, name });
    process.stdout.write(
      `Joined “${membership.className}” as ${membership.name}.\n` +
        'The workshop (`kong-workshop`) and `kong-workshop run`/`check` now report each step to your instructor: its status, a failing\n' +
        "check's name and first failing expectation, time on the step. Never command output, variables, secrets or tokens.\n" +
        'Raise your hand with ! in the workshop or `kong-workshop hand`; `kong-workshop join --leave` stops reporting.\n',
    );
    return ExitCode.Ok;
  }, ExitCode.Usage);
}

async function askName(): Promise<string> {
  if (!process.stdin.isTTY || !process.stderr.isTTY)
    throw new CliError(ExitCode.Usage, 'choose the name your instructor sees', 'add --name "Your Name"');
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  const answer = await prompt.question('Your name, as the instructor will see it: ');
  prompt.close();
  return answer;
}

export function handCommand(options: { down?: boolean }): Promise<number> {
  return guarded(async () => {
    const membership = loadMembership();
    if (!membership)
      throw new CliError(
        ExitCode.Usage,
        'you are not in a class',
        'join one first: kong-workshop join http://HOST:PORT#CODE',
      );
    const reporter = createClassReporter(membership);
    reporter.raiseHand(!options.down);
    const left = await reporter.flush(5_000);
    reporter.close();
    if (left > 0) {
      process.stdout.write(
        `The class server at ${membership.url} does not answer; your ${options.down ? 'lowered' : 'raised'} hand is kept and sent with your next step.\n`,
      );
      return ExitCode.Fault;
    }
    process.stdout.write(
      options.down
        ? 'Hand lowered.\n'
        : `Hand raised: your instructor sees it. \`kong-workshop hand --down\` lowers it.\n`,
    );
    return ExitCode.Ok;
  });
}
