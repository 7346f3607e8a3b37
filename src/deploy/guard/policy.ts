// What a space's guard refuses. Spaces do not exist yet: every space answers the default policy,
// or the one in the file named by `deploy.guard_policy_file`. A space will hold a GuardPolicy.
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { RULE_IDS, type RuleId } from './rules.js';

const RuleIdSchema = z.enum(RULE_IDS);

const Regex = z
  .string()
  .min(1)
  .refine(
    (source) => {
      try {
        new RegExp(source);
        return true;
      } catch {
        return false;
      }
    },
    { message: 'not a valid regular expression' },
  );

/** A policy as written (every field optional; what is left out keeps the default). */
export const GuardPolicyInput = z.strictObject({
  /** Rules switched on or off by id (all are on by default). */
  rules: z.partialRecord(RuleIdSchema, z.boolean()).optional(),
  /** Refuse every command whose name, or every `eval`/`sh -c` whose string, is computed. */
  strict: z.boolean().optional(),
  /** More to refuse: a regular expression over a command's words joined by spaces. */
  deny: z.array(z.strictObject({ pattern: Regex, reason: z.string().min(1) })).optional(),
  /** Refusals waived: a rule, and a regular expression the refused command must match whole. */
  allow: z.array(z.strictObject({ rule: RuleIdSchema, pattern: Regex })).optional(),
});
export type GuardPolicyInput = z.infer<typeof GuardPolicyInput>;

export interface GuardPolicy {
  disabled: ReadonlySet<RuleId>;
  strict: boolean;
  deny: readonly { pattern: RegExp; reason: string }[];
  allow: readonly { rule: RuleId; pattern: RegExp }[];
}

export const DEFAULT_POLICY: GuardPolicy = {
  disabled: new Set(),
  strict: false,
  deny: [],
  allow: [],
};

export function guardPolicy(input: GuardPolicyInput): GuardPolicy {
  return {
    disabled: new Set(
      Object.entries(input.rules ?? {})
        .filter(([, on]) => on === false)
        .map(([id]) => id as RuleId),
    ),
    strict: input.strict ?? false,
    deny: (input.deny ?? []).map((d) => ({ pattern: new RegExp(d.pattern), reason: d.reason })),
    // Anchored: an exception names whole commands, never a fragment a longer command contains.
    allow: (input.allow ?? []).map((a) => ({
      rule: a.rule,
      pattern: new RegExp(`^(?:${a.pattern})$`),
    })),
  };
}

export class GuardPolicyError extends Error {}

/** The policy in a YAML or JSON file; a problem names the file and the field. */
export function readGuardPolicy(file: string): GuardPolicy {
  let parsed: unknown;
  try {
    parsed = parseYaml(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new GuardPolicyError(`guard policy ${file}: ${(error as Error).message}`);
  }
  const result = GuardPolicyInput.safeParse(parsed ?? {});
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new GuardPolicyError(
      `guard policy ${file}: ${issue.path.join('.') || '(top)'}: ${issue.message}`,
    );
  }
  return guardPolicy(result.data);
}
