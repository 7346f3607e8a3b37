import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runArgus } from '../helpers/cli.js';

// `argus guard check` runs locally: no server, no database; the configuration may name a policy.
const folder = mkdtempSync(join(tmpdir(), 'argus-guard-cli-'));
const env = { ARGUS_CONFIG: join(folder, 'none.yaml'), ARGUS_DEPLOY_GUARD_POLICY_FILE: '' };

describe('argus guard check', () => {
  it('exits 0 and says allowed for a benign command', async () => {
    const run = await runArgus(['guard', 'check', 'rm -rf ./dist && echo "rm -rf /"'], env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe('allowed\n');
  });

  it('exits 1 and prints the part refused, its position and the rule', async () => {
    const run = await runArgus(['guard', 'check', 'ls; rm -rf /'], env);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).toContain('refused');
    expect(run.stdout).toContain('rm -rf /  (characters 4-12)');
    expect(run.stdout).toContain('rule recursive-delete-system-path');
  });

  it('prints the API verdict with --json and accepts --space', async () => {
    const run = await runArgus(
      ['guard', 'check', '--json', '--space', 'payments', 'sudo reboot'],
      env,
    );
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toEqual({
      allowed: false,
      refusals: [
        expect.objectContaining({
          part: 'sudo reboot',
          start: 0,
          end: 11,
          rule: 'shutdown-reboot',
        }),
      ],
    });
  });

  it('exits 2 for usage errors: no command, an empty one, an unknown option', async () => {
    for (const args of [
      ['guard', 'check'],
      ['guard', 'check', ' '],
      ['guard', 'check', '--nope', 'ls'],
    ]) {
      const run = await runArgus(args, env);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr.length).toBeGreaterThan(0);
    }
  });

  it('applies the configured policy file, and exits 2 naming a bad one', async () => {
    const good = join(folder, 'policy.yaml');
    writeFileSync(good, 'rules:\n  shutdown-reboot: false\n');
    const allowed = await runArgus(['guard', 'check', 'reboot'], {
      ...env,
      ARGUS_DEPLOY_GUARD_POLICY_FILE: good,
    });
    expect(allowed.code, allowed.stderr).toBe(0);
    const bad = join(folder, 'bad.yaml');
    writeFileSync(bad, 'rules:\n  shutdown: false\n');
    const run = await runArgus(['guard', 'check', 'reboot'], {
      ...env,
      ARGUS_DEPLOY_GUARD_POLICY_FILE: bad,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/bad\.yaml: rules/);
  });
});
