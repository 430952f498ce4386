/** Closes a switch over a union: adding a member fails to compile until every switch handles it. */
export function assertNever(value: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`);
}
