/** A `meta.k8s.io/v1` Table as the lab's API answers `Accept: …;as=Table`. */
export interface ApiTable {
  readonly columnDefinitions: readonly { readonly name: string; readonly priority: number }[];
  readonly rows: readonly {
    readonly cells: readonly unknown[];
    readonly object?: {
      readonly metadata?: { readonly namespace?: string; readonly labels?: Readonly<Record<string, string>> };
    };
  }[];
}

export interface TableOptions {
  /** Show `priority: 1` columns (`-o wide`). */
  readonly wide: boolean;
  /** Put a NAMESPACE column first (`-A`). */
  readonly withNamespace: boolean;
  /** Print names as `kind.group/name` (several kinds in one get). */
  readonly namePrefix?: string;
  readonly headers: boolean;
  /** Add a LABELS column (`--show-labels`). */
  readonly showLabels?: boolean;
}

/**
 * Lines as kubectl's table printer writes them: upper-case headers, columns padded to the
 * widest cell plus three spaces (its tabwriter), empty cells for values that are not there.
 */
export function renderTable(table: ApiTable, options: TableOptions): string[] {
  const shown = table.columnDefinitions
    .map((c, i) => ({ ...c, index: i }))
    .filter((c) => options.wide || c.priority === 0);
  const header = [
    ...(options.withNamespace ? ['NAMESPACE'] : []),
    ...shown.map((c) => c.name.toUpperCase()),
    ...(options.showLabels ? ['LABELS'] : []),
  ];
  const rows = table.rows.map((row) => [
    ...(options.withNamespace ? [row.object?.metadata?.namespace ?? ''] : []),
    ...shown.map((c, i) => {
      const text = cellText(row.cells[c.index]);
      return i === 0 && c.name === 'Name' && options.namePrefix ? `${options.namePrefix}/${text}` : text;
    }),
    ...(options.showLabels ? [labelsText(row.object?.metadata?.labels)] : []),
  ]);
  const all = options.headers ? [header, ...rows] : rows;
  const widths = header.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  return all.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]! + 3)))
      .join('')
      .trimEnd(),
  );
}

function labelsText(labels: Readonly<Record<string, string>> | undefined): string {
  const pairs = Object.entries(labels ?? {}).sort(([a], [b]) => a.localeCompare(b));
  return pairs.length ? pairs.map(([k, v]) => `${k}=${v}`).join(',') : '<none>';
}

function cellText(cell: unknown): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'object') return JSON.stringify(cell);
  return String(cell);
}
