/** "1 line", "3 lines": a count with its noun, never "1 lines". */
export function counted(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : plural}`;
}
