import { describe, expect, it } from 'vitest';
import { ALLOWED, REFUSED } from './corpus.js';
import { CommandGuard } from './service.js';

const guard = new CommandGuard();

describe('the command guard corpus', () => {
  it('holds at least 150 labelled commands, 90 refused and 60 allowed', () => {
    expect(REFUSED.length).toBeGreaterThanOrEqual(90);
    expect(ALLOWED.length).toBeGreaterThanOrEqual(60);
    expect(REFUSED.length + ALLOWED.length).toBeGreaterThanOrEqual(150);
  });

  it('refuses every destructive command, naming a part of it and a rule', async () => {
    const missed: string[] = [];
    for (const command of REFUSED) {
      const verdict = await guard.check(command);
      if (verdict.allowed) missed.push(command);
      else
        for (const r of verdict.refusals) {
          expect(r.rule, command).toMatch(/^[a-z-]+$/);
          expect(r.end, command).toBeGreaterThanOrEqual(r.start);
          expect(r.part.length, command).toBeGreaterThan(0);
        }
    }
    expect(missed).toEqual([]);
  }, 60_000);

  it('allows every benign command that looks close', async () => {
    const refused: string[] = [];
    for (const command of ALLOWED) {
      const verdict = await guard.check(command);
      if (!verdict.allowed) refused.push(`${command} => ${JSON.stringify(verdict.refusals)}`);
    }
    expect(refused).toEqual([]);
  }, 60_000);
});
