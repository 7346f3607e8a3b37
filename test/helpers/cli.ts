import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

export const argusBin = join(import.meta.dirname, '../../bin/argus.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real `argus` command in a child process with the given environment. */
export function runArgus(
  args: string[],
  env: Record<string, string>,
  input?: string,
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [argusBin, ...args], {
      env: { ...process.env, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

/** Starts `argus serve` and resolves once it printed its URL, with everything printed so far. */
export function startArgus(
  args: string[],
  env: Record<string, string>,
): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [argusBin, 'serve', ...args], {
      env: { ...process.env, ...env },
    });
    let output = '';
    const timer = setTimeout(
      () => reject(new Error(`argus serve did not start:\n${output}`)),
      90_000,
    );
    const onData = (d: Buffer) => {
      output += d;
      const match = output.match(/running at (http:\/\/\S+)/);
      if (match && /(one-time password|Log in with)/.test(output)) {
        clearTimeout(timer);
        resolve({ child, url: match[1]!, output: () => output });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d) => {
      output += d;
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`argus serve exited with ${code}:\n${output}`));
    });
  });
}
