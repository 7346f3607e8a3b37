import { z } from 'zod';

export const GuardCheckRequest = z.object({
  command: z.string().min(1, 'a command to check').max(100_000),
  /** The space whose policy applies. Until spaces exist every space has the default policy. */
  space: z.string().min(1).max(200).optional(),
});

export const GuardRefusal = z.object({
  part: z.string().describe('the refused sub-command as the shell sees it'),
  start: z.number().int().describe('character offset of the part in the command'),
  end: z.number().int(),
  rule: z.string().describe('the rule id (docs/command-guard.md)'),
  reason: z.string(),
});

export const GuardVerdict = z.union([
  z.object({ allowed: z.literal(true) }),
  z.object({ allowed: z.literal(false), refusals: z.array(GuardRefusal) }),
]);
