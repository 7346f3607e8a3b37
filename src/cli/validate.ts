import type { z } from 'zod';

/**
 * Validates CLI input with the same contract the HTTP API uses, so `argus user add` refuses
 * exactly what `POST /api/people` refuses, and says which field and why.
 */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const reasons = parsed.error.issues.map(
    (issue) => `${issue.path.join('.') || 'input'}: ${issue.message}`,
  );
  throw new Error(reasons.join('; '));
}
