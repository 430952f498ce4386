import { checkJsonPath } from '../json-path/index.js';
import type { YamlPath } from '../yaml-source.js';
import type { CheckReader } from './read-check.js';

/**
 * Reports a JSON path that does not parse at the column where it goes wrong, so a path that
 * would fail at run time fails lint instead. `at` says where the path is written: a map key
 * (`json: { "$.data[0]": … }`) or a value after a prefix (`extract: { ID: json.$.id }`).
 * Returns whether the path is fine.
 */
export function lintJsonPath(
  reader: CheckReader,
  path: string,
  at: { readonly key: YamlPath } | { readonly value: YamlPath; readonly prefix: number },
): boolean {
  const problem = checkJsonPath(path);
  if (!problem) return true;
  const pos =
    'key' in at
      ? reader.yaml.innerPos(at.key, 'key', problem.offset)
      : reader.yaml.innerPos(at.value, 'value', at.prefix + problem.offset);
  reader.sink.error(
    pos,
    'invalid-json-path',
    `bad JSON path ${JSON.stringify(path)}: ${problem.message}`,
    problem.hint,
  );
  return false;
}
