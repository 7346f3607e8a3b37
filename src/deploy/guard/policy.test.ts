import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GuardPolicyError, guardPolicy, readGuardPolicy } from './policy.js';
import { CommandGuard, guardForConfig } from './service.js';

const folder = mkdtempSync(join(tmpdir(), 'argus-guard-'));
function policyFile(name: string, text: string): string {
  const file = join(folder, name);
  writeFileSync(file, text);
  return file;
}

const rulesOf = async (guard: CommandGuard, command: string) => {
  const verdict = await guard.check(command);
  return verdict.allowed ? [] : verdict.refusals.map((r) => r.rule);
};

describe('guard policies', () => {
  it('a switched-off rule refuses nothing; the others still do', async () => {
    const guard = new CommandGuard(guardPolicy({ rules: { 'firewall-flush': false } }));
    expect(await rulesOf(guard, 'iptables -F')).toEqual([]);
    expect(await rulesOf(guard, 'iptables -F; reboot')).toEqual(['shutdown-reboot']);
  });

  it('strict refuses computed command names and computed scripts', async () => {
    const strict = new CommandGuard(guardPolicy({ strict: true }));
    const lenient = new CommandGuard(guardPolicy({}));
    expect(await rulesOf(strict, '$EDITOR notes.txt')).toEqual(['dynamic-command-name']);
    expect(await rulesOf(lenient, '$EDITOR notes.txt')).toEqual([]);
    expect(await rulesOf(strict, 'eval "$(ssh-agent -s)"')).toEqual(['dynamic-script']);
    expect(await rulesOf(lenient, 'eval "$(ssh-agent -s)"')).toEqual([]);
  });

  it('deny patterns match commands as they will run, wrappers and quotes removed', async () => {
    const guard = new CommandGuard(
      guardPolicy({ deny: [{ pattern: '^docker system prune', reason: 'prunes every image' }] }),
    );
    const verdict = await guard.check('echo; sudo "docker" system prune -af');
    expect(verdict).toEqual({
      allowed: false,
      refusals: [
        {
          part: 'sudo "docker" system prune -af',
          start: 6,
          end: 36,
          rule: 'policy-deny',
          reason: 'prunes every image',
        },
      ],
    });
  });

  it('allow exceptions waive one rule for whole matching commands only', async () => {
    const guard = new CommandGuard(
      guardPolicy({ allow: [{ rule: 'shutdown-reboot', pattern: 'systemctl reboot' }] }),
    );
    expect(await rulesOf(guard, 'sudo systemctl reboot')).toEqual([]);
    expect(await rulesOf(guard, 'systemctl reboot --force')).toEqual(['shutdown-reboot']);
    expect(await rulesOf(guard, 'reboot')).toEqual(['shutdown-reboot']);
  });

  it('reads a YAML policy file through the configuration setting', async () => {
    const file = policyFile('policy.yaml', 'rules:\n  crontab-remove: false\nstrict: true\n');
    const guard = guardForConfig({ deployGuardPolicyFile: file });
    expect(await rulesOf(guard, 'crontab -r')).toEqual([]);
    expect(await rulesOf(guard, '$X a')).toEqual(['dynamic-command-name']);
    expect(await rulesOf(guardForConfig({ deployGuardPolicyFile: '' }), 'crontab -r')).toEqual([
      'crontab-remove',
    ]);
  });

  it('a bad policy file is refused with the file and the field', () => {
    const unknownRule = policyFile('bad-rule.yaml', 'rules:\n  no-such-rule: false\n');
    expect(() => readGuardPolicy(unknownRule)).toThrow(GuardPolicyError);
    expect(() => readGuardPolicy(unknownRule)).toThrow(/bad-rule\.yaml: rules/);
    const badRegex = policyFile('bad-regex.yaml', 'deny:\n  - pattern: "(("\n    reason: x\n');
    expect(() => readGuardPolicy(badRegex)).toThrow(
      /deny\.0\.pattern: not a valid regular expression/,
    );
    const unknownKey = policyFile('bad-key.yaml', 'stritc: true\n');
    expect(() => readGuardPolicy(unknownKey)).toThrow(/bad-key\.yaml/);
    expect(() => readGuardPolicy(join(folder, 'missing.yaml'))).toThrow(/missing\.yaml/);
  });
});
