/** The ids with the one at `index` moved by `delta` places (kept inside the list). */
export function moved(ids: readonly string[], index: number, delta: number): string[] {
  const to = Math.max(0, Math.min(ids.length - 1, index + delta));
  const out = [...ids];
  const [item] = out.splice(index, 1);
  if (item !== undefined) out.splice(to, 0, item);
  return out;
}
