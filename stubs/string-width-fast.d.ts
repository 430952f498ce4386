/** Is this UTF-16 code unit one terminal cell on its own, with string-width's default options? */
export function isNarrowUnit(code: number): boolean;
/** The width of text made only of such units (and styles), or -1 when string-width must decide. */
export function narrowWidth(
  text: unknown,
  options?: { readonly ambiguousIsNarrow?: boolean; readonly countAnsiEscapeCodes?: boolean },
): number;
