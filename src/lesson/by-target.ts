import { isMap, isScalar, visit, type Node, type Pair } from 'yaml';
import type { DiagnosticSink } from './diagnostics.js';
import { TARGET_NAMES, type TargetName } from './types.js';
import type { YamlSource } from './yaml-source.js';

/** The key of a per-target value in a check: `{ by-target: { sandbox: A, "gateway,konnect": B, default: C } }`. */
const BY_TARGET = 'by-target';

const isTarget = (name: string): name is TargetName => (TARGET_NAMES as readonly string[]).includes(name);

/** Where a branch of a by-target value is written (offsets in the YAML text) and the targets it is for. */
export interface BranchRange {
  readonly start: number;
  readonly end: number;
  readonly targets: readonly TargetName[];
}

export interface ByTargetVariants {
  /** The check's YAML as each target sees it: every by-target value replaced by that target's branch. */
  readonly variants: ReadonlyMap<TargetName, YamlSource>;
  readonly branches: readonly BranchRange[];
}

function byTargetMap(node: unknown): Node | undefined {
  if (!isMap(node) || node.items.length !== 1) return undefined;
  const [pair] = node.items;
  return pair && isScalar(pair.key) && pair.key.value === BY_TARGET ? (pair.value as Node | undefined) : undefined;
}

/** The branches of one by-target map, with the targets each stands for (`default`: the ones not named). */
function branchesOf(
  map: Node,
  on: readonly TargetName[],
  yaml: YamlSource,
  lessonTargets: readonly TargetName[] | undefined,
  sink: DiagnosticSink,
): { pair: Pair; targets: TargetName[] }[] {
  if (!isMap(map)) {
    sink.error(
      map.range ? yaml.at(map.range[0]) : yaml.fallback,
      'invalid-check',
      'by-target takes a map from targets to values',
      'write by-target: { sandbox: A, gateway: B }, or use default: for the other targets',
    );
    return [];
  }
  const named = new Set<TargetName>();
  const out: { pair: Pair; targets: TargetName[] }[] = [];
  let fallback: Pair | undefined;
  for (const pair of map.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const at = isScalar(pair.key) && pair.key.range ? yaml.at(pair.key.range[0]) : yaml.fallback;
    if (key === 'default') {
      fallback = pair;
      continue;
    }
    const targets: TargetName[] = [];
    for (const name of key.split(',').map((n) => n.trim())) {
      if (!isTarget(name))
        sink.error(
          at,
          'unknown-target',
          `'${name}' is not a target`,
          `by-target keys are targets (${TARGET_NAMES.join(', ')}) or default`,
        );
      else if (lessonTargets && !lessonTargets.includes(name))
        sink.error(
          at,
          'target-not-listed',
          `'${name}' is not in the lesson's targets`,
          `add ${name} to targets in the front matter, or drop this branch`,
        );
      else targets.push(name);
    }
    for (const t of targets) named.add(t);
    out.push({ pair, targets });
  }
  if (fallback) out.push({ pair: fallback, targets: on.filter((t) => !named.has(t)) });
  return out;
}

/**
 * Resolves per-target values in a check's YAML for each target the check runs on. A target that
 * no branch names (and no `default`) has the key left out. Undefined when the YAML has none.
 */
export function resolveByTarget(
  yaml: YamlSource,
  on: readonly TargetName[],
  lessonTargets: readonly TargetName[] | undefined,
  sink: DiagnosticSink,
): ByTargetVariants | undefined {
  const branches: BranchRange[] = [];
  visit(yaml.doc, {
    Pair: (_key, pair) => {
      const map = byTargetMap(pair.value);
      if (!map) return;
      for (const branch of branchesOf(map, on, yaml, lessonTargets, sink)) {
        const range = (branch.pair.value as Node | null)?.range;
        if (range) branches.push({ start: range[0], end: range[1], targets: branch.targets });
      }
    },
  });
  if (branches.length === 0 && !JSON.stringify(yaml.value ?? null).includes(`"${BY_TARGET}"`)) return undefined;
  const variants = new Map<TargetName, YamlSource>();
  for (const target of on) {
    const doc = yaml.doc.clone();
    visit(doc, {
      Pair: (_key, pair) => {
        const map = byTargetMap(pair.value);
        if (!map) return;
        // A malformed by-target is reported once, where it is written; its key is left out here.
        if (!isMap(map)) return visit.REMOVE;
        const chosen =
          map.items.find(
            (item) =>
              isScalar(item.key) &&
              String(item.key.value)
                .split(',')
                .map((n) => n.trim())
                .includes(target),
          ) ?? map.items.find((item) => isScalar(item.key) && item.key.value === 'default');
        if (!chosen) return visit.REMOVE;
        pair.value = chosen.value;
        return undefined;
      },
    });
    variants.set(target, yaml.withDocument(doc));
  }
  return { variants, branches };
}
