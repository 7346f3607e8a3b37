/** The members of `next` that differ from `current` (compared as JSON): a PATCH sends only these. */
export function changedFields<T extends Record<string, unknown>>(
  current: object,
  next: T,
): Partial<T> {
  const before = current as Record<string, unknown>;
  return Object.fromEntries(
    Object.entries(next).filter(
      ([k, value]) => JSON.stringify(before[k] ?? null) !== JSON.stringify(value ?? null),
    ),
  ) as Partial<T>;
}
