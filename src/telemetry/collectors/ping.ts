import { execFile } from 'node:child_process';
import { z } from 'zod';
import { PluginFailure, type PollingModule, RunStatus } from '../plugin.js';
import { metricGroup, resourceOf, sectionsOf } from './groups.js';
import { ParseError } from './proc-parsers.js';

/**
 * `ping`: packet loss and round-trip times to the resource's endpoint, from the system `ping`
 * (Debian iputils-ping; busybox's output is read too). Raw ICMP needs privileges Node does not
 * have; the setuid/capability-holding binary does.
 *
 * Status: every packet lost, or the endpoint unreachable from here, is 7 (ping failure); a name
 * that does not resolve is 2; no `ping` binary is 5.
 */

const sections = z.object({
  ping: z
    .strictObject({
      count: z.coerce.number().int().min(1).max(100).default(3),
      /** Seconds to wait for each reply. */
      timeout: z.coerce.number().positive().max(60).default(2),
      /** Seconds between packets (iputils refuses less than 0.2 without root). */
      interval: z.coerce.number().min(0.2).max(60).default(1),
    })
    .prefault({}),
});

export interface PingResult {
  transmitted: number;
  received: number;
  lossPercent: number;
  rtt?: { min: number; avg: number; max: number; mdev?: number };
}

/** The summary lines of iputils or busybox ping. */
export function parsePingOutput(text: string): PingResult {
  const counts =
    /(\d+) packets transmitted, (\d+) (?:packets )?received.*?([\d.]+)% packet loss/.exec(text);
  if (!counts) throw new ParseError('ping', 'no "packets transmitted" summary');
  const rtt =
    /(?:rtt|round-trip) min\/avg\/max(?:\/mdev)? = ([\d.]+)\/([\d.]+)\/([\d.]+)(?:\/([\d.]+))? ms/.exec(
      text,
    );
  return {
    transmitted: Number(counts[1]),
    received: Number(counts[2]),
    lossPercent: Number(counts[3]),
    ...(rtt
      ? {
          rtt: {
            min: Number(rtt[1]),
            avg: Number(rtt[2]),
            max: Number(rtt[3]),
            ...(rtt[4] !== undefined ? { mdev: Number(rtt[4]) } : {}),
          },
        }
      : {}),
  };
}

interface Run {
  stdout: string;
  stderr: string;
  code: number | null;
  spawnError?: NodeJS.ErrnoException;
}

function runPing(args: string[], timeoutMs: number, signal: AbortSignal): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      'ping',
      args,
      { timeout: timeoutMs, signal, env: { ...process.env, LC_ALL: 'C' } },
      (error, stdout, stderr) => {
        const e = error as (NodeJS.ErrnoException & { code?: number | string }) | null;
        if (e && typeof e.code === 'string') resolve({ stdout, stderr, code: null, spawnError: e });
        else resolve({ stdout, stderr, code: e ? ((e.code as number | undefined) ?? null) : 0 });
      },
    );
  });
}

export const pingPolling: PollingModule = {
  kind: 'polling',
  name: 'ping',
  sections,
  async run(ctx) {
    const target = resourceOf(ctx).resource_endpoint;
    const { count, timeout, interval } = sectionsOf(ctx, sections).ping;
    // -n: numeric output (no reverse lookups); the endpoint comes after `--`, never as an option.
    const args = [
      '-n',
      '-c',
      String(count),
      '-i',
      String(interval),
      '-W',
      String(timeout),
      '--',
      target,
    ];
    const limitMs = ((count - 1) * interval + timeout + 5) * 1000;
    const run = await runPing(args, limitMs, ctx.signal);
    if (run.spawnError?.code === 'ENOENT') {
      throw new PluginFailure(
        RunStatus.internalFailure,
        'no ping binary on PATH (Debian: apt-get install iputils-ping)',
      );
    }
    if (run.spawnError?.code === 'ABORT_ERR' || ctx.signal.aborted) {
      throw new PluginFailure(RunStatus.timeout, `ping ${target}: the run was stopped`);
    }
    if (run.spawnError)
      throw new PluginFailure(
        RunStatus.internalFailure,
        `ping ${target}: ${run.spawnError.message}`,
      );
    if (run.code === null) {
      // Killed at the limit (a hung resolver, a stopped process): no summary to read.
      throw new PluginFailure(RunStatus.timeout, `ping ${target}: no result within ${limitMs} ms`);
    }
    const stderr = run.stderr.trim();
    if (run.code !== 0 && run.code !== 1) {
      // iputils exits 2 on errors: an unreachable network is a ping failure, a bad name is not.
      if (/unreachable/i.test(stderr))
        throw new PluginFailure(RunStatus.pingFailure, `ping ${target}: ${stderr}`);
      throw new PluginFailure(
        RunStatus.networkFailure,
        `ping ${target}: ${stderr || `exit code ${run.code}`}`,
      );
    }
    let result: PingResult;
    try {
      result = parsePingOutput(run.stdout);
    } catch (error) {
      throw new PluginFailure(
        RunStatus.internalFailure,
        `ping ${target}: ${(error as Error).message}`,
      );
    }
    if (result.received === 0) {
      throw new PluginFailure(
        RunStatus.pingFailure,
        `ping ${target}: no reply (${result.transmitted} sent, 0 received)`,
      );
    }
    const group = metricGroup(ctx, 'ping', {}, [
      ['packet_loss_percent', result.lossPercent],
      ['packets_sent', result.transmitted],
      ['packets_received', result.received],
      ['rtt_min_ms', result.rtt?.min],
      ['rtt_avg_ms', result.rtt?.avg],
      ['rtt_max_ms', result.rtt?.max],
      ['rtt_mdev_ms', result.rtt?.mdev],
    ]);
    return { groups: group ? [group] : [] };
  },
};
