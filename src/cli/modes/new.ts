import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { lessonIdProblem, scaffoldLesson } from '../../lesson/index.js';
import { CliError, ExitCode } from '../exit-codes.js';

export async function runNew(id: string, dir: string): Promise<number> {
  const problem = lessonIdProblem(id);
  if (problem) throw new CliError(ExitCode.Usage, problem, 'kong-workshop new my-first-lesson');
  await mkdir(dir, { recursive: true });
  const file = join(dir, `${id}.md`);
  try {
    // `wx`: never overwrite a lesson someone is writing.
    await writeFile(file, scaffoldLesson(id), { flag: 'wx' });
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'EEXIST')
      throw new CliError(ExitCode.Usage, `${file} already exists`, 'choose another id, or --dir another folder');
    throw error;
  }
  const shown = relative(process.cwd(), file) || file;
  process.stdout.write(
    `wrote ${shown}\n  kong-workshop lint ${shown}\n  kong-workshop run ${shown} --trust\n  kong-workshop verify ` +
      `${shown} --trust\n`,
  );
  return ExitCode.Ok;
}
