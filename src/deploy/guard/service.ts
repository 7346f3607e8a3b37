// The command guard: parse, find every command that may run, judge each against the policy.

import type { Config } from '../../platform/config.js';
import { type SimpleCommand, walkCommands } from './commands.js';
import { UnjudgeableShell } from './lexer.js';
import { DEFAULT_POLICY, type GuardPolicy, readGuardPolicy } from './policy.js';
import { type Finding, judgeCommand, WALK_RULES } from './rules.js';
import { shellSyntaxError } from './shell.js';

export interface Refusal {
  /** The refused sub-command as the shell sees it. */
  part: string;
  /** Character offsets of the part in the command (for a part inside an `eval` string: the string). */
  start: number;
  end: number;
  rule: string;
  reason: string;
}

export type Verdict = { allowed: true } | { allowed: false; refusals: Refusal[] };

/** Judges commands; `space` picks the policy once spaces exist (today every space has one). */
export class CommandGuard {
  constructor(private readonly policy: GuardPolicy = DEFAULT_POLICY) {}

  policyFor(_space?: string): GuardPolicy {
    return this.policy;
  }

  async check(command: string, space?: string): Promise<Verdict> {
    const refusals = await judge(command, this.policyFor(space));
    return refusals.length === 0 ? { allowed: true } : { allowed: false, refusals };
  }
}

async function judge(command: string, policy: GuardPolicy): Promise<Refusal[]> {
  const error = await shellSyntaxError(command);
  if (error)
    return [
      {
        part: command.slice(error.offset),
        start: error.offset,
        end: command.length,
        rule: 'parse-error',
        reason: `not valid shell at line ${error.line}, column ${error.column}: ${error.message}; what cannot be parsed cannot be judged`,
      },
    ];
  let walk: ReturnType<typeof walkCommands>;
  try {
    walk = walkCommands(command);
  } catch (failure) {
    if (!(failure instanceof UnjudgeableShell)) throw failure;
    return [
      {
        part: command,
        start: 0,
        end: command.length,
        rule: 'unjudgeable',
        reason: `the guard cannot follow ${failure.message} here; refused rather than guessed`,
      },
    ];
  }
  const enabled = (id: Finding['rule']) => !policy.disabled.has(id);
  const findings: Finding[] = [];
  for (const c of walk.commands) findings.push(...judgeCommand(c, enabled, policy.strict));
  for (const rule of WALK_RULES)
    if (enabled(rule.id)) findings.push(...rule.judgeAll(walk, policy.strict));
  const refusals = findings
    .filter(
      (f) => !policy.allow.some((a) => a.rule === f.rule && a.pattern.test(commandText(f.command))),
    )
    .map(placed);
  for (const c of walk.commands) {
    const text = commandText(c);
    for (const d of policy.deny)
      if (d.pattern.test(text))
        refusals.push({
          part: c.part,
          start: c.start,
          end: c.end,
          rule: 'policy-deny',
          reason: d.reason,
        });
  }
  // Strings run by `eval`/`sh -c` are parsed by the shell that runs them: one that does not
  // parse may still run its first commands, and is refused like the command itself.
  for (const script of walk.scripts) {
    const invalid = await shellSyntaxError(script.text);
    if (invalid)
      refusals.push({
        part: script.text,
        start: script.start,
        end: script.end,
        rule: 'parse-error',
        reason: `the string run as shell is not valid shell at line ${invalid.line}, column ${invalid.column}: ${invalid.message}`,
      });
  }
  return unique(refusals);
}

/** A command's words as they will run, joined by spaces (unknown words as written). */
export function commandText(command: Pick<SimpleCommand, 'words' | 'part'>): string {
  if (command.words.length === 0) return command.part;
  return command.words.map((w) => w.value ?? w.raw).join(' ');
}

function placed(f: Finding): Refusal {
  return {
    part: f.command.part,
    start: f.command.start,
    end: f.command.end,
    rule: f.rule,
    reason: f.reason,
  };
}

function unique(refusals: Refusal[]): Refusal[] {
  const seen = new Set<string>();
  return refusals
    .filter((r) => {
      const key = `${r.rule}@${r.start}:${r.end}:${r.part}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => a.start - b.start);
}

/** The guard with the configured policy (`deploy.guard_policy_file`), or the default one. */
export function guardForConfig(config: Pick<Config, 'deployGuardPolicyFile'>): CommandGuard {
  const file = config.deployGuardPolicyFile;
  return new CommandGuard(file ? readGuardPolicy(file) : DEFAULT_POLICY);
}
