/** Deepest nesting of objects and arrays a request body may have (issue 10, item 11). */
export const MAX_JSON_DEPTH = 64;

/**
 * Whether a parsed JSON value nests objects or arrays deeper than `limit` (the top-level container is level 1).
 * V8's JSON.parse is iterative and copes with any depth, but schema validation, canonical JSON and the
 * serializers recurse and overflow the stack, so depth is checked right after parsing, with an explicit stack.
 */
export function exceedsDepth(value: unknown, limit: number): boolean {
  const pending: { node: unknown; depth: number }[] = [{ node: value, depth: 1 }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { node, depth } = next;
    if (typeof node !== 'object' || node === null) {
      continue;
    }
    if (depth > limit) {
      return true;
    }
    for (const child of Object.values(node)) {
      pending.push({ node: child, depth: depth + 1 });
    }
  }
  return false;
}
