import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { acquireDataLock, DataFolderInUse, LOCK_FILE } from './data-lock.js';

const dirs: string[] = [];
function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'argus-lock-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function lockOf(pid: number, command = 'argus serve') {
  return `${JSON.stringify({ pid, command, since: '2026-01-01T00:00:00.000Z' })}\n`;
}

/** A pid that ran a moment ago and has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  expect(child.status).toBe(0);
  return child.pid;
}

describe('the data folder lock', () => {
  it('is written with the pid, refused while held and gone once released', () => {
    const dir = folder();
    const lock = acquireDataLock(dir, 'argus serve');
    const file = join(dir, LOCK_FILE);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({
      pid: process.pid,
      command: 'argus serve',
    });
    expect(() => acquireDataLock(dir, 'argus import')).toThrow(DataFolderInUse);
    lock.release();
    expect(existsSync(file)).toBe(false);
    lock.release();
    acquireDataLock(dir, 'argus import').release();
  });

  it('refuses a folder another live process holds, naming its pid and what to do', () => {
    const dir = folder();
    // The test runner that started this worker is alive and is not this process.
    writeFileSync(join(dir, LOCK_FILE), lockOf(process.ppid));
    let refusal: unknown;
    try {
      acquireDataLock(dir, 'argus user add');
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(DataFolderInUse);
    const message = (refusal as Error).message;
    expect(message).toContain(`argus serve (pid ${process.ppid}`);
    expect(message).toContain(`kill ${process.ppid}`);
    expect(message).toContain(dir);
    // The holder's lock is left alone.
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8')).toBe(lockOf(process.ppid));
  });

  it('takes over the lock of a process that died without releasing it', () => {
    const dir = folder();
    writeFileSync(join(dir, LOCK_FILE), lockOf(deadPid()));
    const lock = acquireDataLock(dir, 'argus serve');
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
    lock.release();
  });

  it('takes over a lock naming its own pid that it does not hold (a restarted container)', () => {
    const dir = folder();
    writeFileSync(join(dir, LOCK_FILE), lockOf(process.pid));
    acquireDataLock(dir, 'argus serve').release();
  });

  it('takes over a damaged lock file', () => {
    const dir = folder();
    writeFileSync(join(dir, LOCK_FILE), '');
    acquireDataLock(dir, 'argus serve').release();
  });

  it('is released when the process exits without closing the database', () => {
    const dir = folder();
    const script = `
      const { acquireDataLock } = await import(${JSON.stringify(new URL('./data-lock.ts', import.meta.url).href)});
      acquireDataLock(${JSON.stringify(dir)}, 'argus import');
      process.exit(3);
    `;
    const child = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      { encoding: 'utf8' },
    );
    expect(child.status, child.stderr).toBe(3);
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });
});
