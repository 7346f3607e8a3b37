import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from './policy.js';
import { RULES } from './rules.js';
import { CommandGuard, type Refusal } from './service.js';

const guard = new CommandGuard(DEFAULT_POLICY);

async function refusals(command: string): Promise<Refusal[]> {
  const verdict = await guard.check(command);
  return verdict.allowed ? [] : verdict.refusals;
}

/** The one refusal of `command`, checked to be `rule` on exactly `part` at its place. */
async function refusedAt(
  command: string,
  rule: string,
  part: string,
  start = command.indexOf(part),
) {
  const found = await refusals(command);
  expect(found, command).toContainEqual(
    expect.objectContaining({ rule, part, start, end: start + part.length }),
  );
  // The position points at the part: a user can underline it in the command.
  const hit = found.find((r) => r.rule === rule)!;
  expect(command.slice(hit.start, hit.end)).toBe(part);
  return hit;
}

describe('each rule, with the part refused and its position', () => {
  it('recursive-delete-system-path: the rm inside a list, and not its neighbours', async () => {
    const r = await refusedAt(
      'ls -la; rm -rf /etc/.. && echo done',
      'recursive-delete-system-path',
      'rm -rf /etc/..',
    );
    expect(r.reason).toContain('/');
    await refusedAt(
      'rm -rf --no-preserve-root /x',
      'recursive-delete-system-path',
      'rm -rf --no-preserve-root /x',
    );
    await refusedAt('cd /usr && rm -r lib', 'recursive-delete-system-path', 'rm -r lib');
    await refusedAt('find / -xdev -delete', 'recursive-delete-system-path', 'find / -xdev -delete');
    expect(await refusals('rm -rf /opt/app/releases/1')).toEqual([]);
    expect(await refusals('rm /tmp')).toEqual([]);
  });

  it('disk-format', async () => {
    await refusedAt('echo go; mkfs.xfs -f /dev/sdb', 'disk-format', 'mkfs.xfs -f /dev/sdb');
    await refusedAt('wipefs --all /dev/sdc', 'disk-format', 'wipefs --all /dev/sdc');
    expect(await refusals('fdisk -l /dev/sda')).toEqual([]);
  });

  it('block-device-write: dd, redirections and tee', async () => {
    await refusedAt(
      'sync; dd if=x.img of=/dev/sda1 bs=4M',
      'block-device-write',
      'dd if=x.img of=/dev/sda1 bs=4M',
    );
    await refusedAt('cat x >/dev//nvme0n1', 'block-device-write', 'cat x >/dev//nvme0n1');
    await refusedAt('echo x | sudo tee /dev/vdb', 'block-device-write', 'sudo tee /dev/vdb');
    expect(await refusals('dd if=/dev/sda of=/srv/backup.img')).toEqual([]);
  });

  it('fork-bomb: the function definition, whatever its name', async () => {
    await refusedAt(':(){ :|:& };:', 'fork-bomb', ':(){ :|:& }');
    await refusedAt('x() { x | x & }; x', 'fork-bomb', 'x() { x | x & }');
    expect(await refusals('retry() { ./job || sleep 1; }; retry')).toEqual([]);
  });

  it('shutdown-reboot', async () => {
    await refusedAt('deploy.sh && sudo reboot', 'shutdown-reboot', 'sudo reboot');
    await refusedAt(
      'systemctl isolate rescue.target',
      'shutdown-reboot',
      'systemctl isolate rescue.target',
    );
    expect(await refusals('systemctl restart app')).toEqual([]);
  });

  it('recursive-permissions-system-path', async () => {
    await refusedAt('chmod -R 777 /', 'recursive-permissions-system-path', 'chmod -R 777 /');
    await refusedAt(
      'chown -R app /home/',
      'recursive-permissions-system-path',
      'chown -R app /home/',
    );
    expect(await refusals('chmod 777 /tmp/x')).toEqual([]);
  });

  it('move-system-path', async () => {
    await refusedAt('mv /boot /tmp/b', 'move-system-path', 'mv /boot /tmp/b');
  });

  it('truncate-critical-file: truncation, not appending', async () => {
    await refusedAt('echo > /etc/passwd', 'truncate-critical-file', 'echo > /etc/passwd');
    expect(await refusals('echo "x" >> /etc/hosts')).toEqual([]);
  });

  it('kill-all-processes', async () => {
    await refusedAt('kill -9 -1', 'kill-all-processes', 'kill -9 -1');
    expect(await refusals('kill -9 4242')).toEqual([]);
  });

  it('crontab-remove', async () => {
    await refusedAt('crontab -r', 'crontab-remove', 'crontab -r');
  });

  it('firewall-flush', async () => {
    await refusedAt('iptables -t nat -F', 'firewall-flush', 'iptables -t nat -F');
    expect(await refusals('iptables -S')).toEqual([]);
  });

  it('download-execute: the interpreter that reads the download', async () => {
    const r = await refusedAt('curl -fsSL https://get.example | sh', 'download-execute', 'sh');
    expect(r.reason).toContain('curl -fsSL https://get.example');
    expect(await refusals('curl -fsSL https://get.example -o get.sh')).toEqual([]);
  });

  it('dynamic-command-name: judged as the verbs it could be', async () => {
    const r = await refusedAt('$(printf rm) -rf /', 'dynamic-command-name', '$(printf rm) -rf /');
    expect(r.reason).toContain('as rm');
    expect(await refusals('$EDITOR notes.txt')).toEqual([]);
  });

  it('parse-error: with the line and column', async () => {
    const [r] = await refusals('echo ok\nif true; then');
    expect(r.rule).toBe('parse-error');
    expect(r.reason).toMatch(/line 2, column \d+/);
  });

  it('a command inside a string is placed on that string', async () => {
    const command = `echo start; bash -c 'cd /tmp && rm -rf /var/log'`;
    const [r] = await refusals(command);
    expect(r).toMatchObject({ rule: 'recursive-delete-system-path', part: 'rm -rf /var/log' });
    expect(command.slice(r.start, r.end)).toBe(`'cd /tmp && rm -rf /var/log'`);
  });

  it('inside substitutions the position is exact', async () => {
    await refusedAt('echo "$(date; rm -rf /usr)"', 'recursive-delete-system-path', 'rm -rf /usr');
    await refusedAt('diff <(ls) <(rm -rf /)', 'recursive-delete-system-path', 'rm -rf /');
  });

  it('every rule has an id and a description', () => {
    for (const rule of RULES) {
      expect(rule.id).toMatch(/^[a-z-]+$/);
      expect(rule.description.length).toBeGreaterThan(10);
    }
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
  });
});
