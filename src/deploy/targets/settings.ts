import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { Invalid } from '../../platform/errors.js';
import type { SshSettings } from '../plan.js';
import { DeployErrors } from '../spaces/errors.js';

/**
 * The execution settings an effective configuration may hold (PRODUCT 8), with their defaults
 * (docs/deployments.md lists them). Unknown keys are the configuration's own variables.
 */
const Port = z.number().int().min(1).max(65_535);
const Percent = z.string().regex(/^\d{1,3}%$/, 'a count or a percentage like "25%"');
const BatchSize = z.union([z.number().int().min(1), Percent]);

const Step = z.strictObject({
  name: z.string().min(1).max(200),
  command: z
    .string()
    .min(1)
    .max(64 * 1024),
  timeout: z.number().int().min(1).max(86_400).optional(),
});

export const ExecutionSettings = z.object({
  hosts: z.array(z.string().min(1).max(255)).optional(),
  targets: z.strictObject({ filter: z.string().min(1).max(10_000) }).optional(),
  ssh: z
    .object({
      user: z.string().min(1).max(100).default('deploy'),
      key_file: z.string().min(1).optional(),
      known_hosts: z
        .string()
        .min(1)
        .default(join(homedir(), '.ssh', 'known_hosts')),
      port: Port.default(22),
      connect_timeout: z.number().int().min(1).max(600).default(10),
      jump: z
        .strictObject({ host: z.string().min(1), port: Port.default(22), user: z.string().min(1) })
        .optional(),
    })
    .default({
      user: 'deploy',
      known_hosts: join(homedir(), '.ssh', 'known_hosts'),
      port: 22,
      connect_timeout: 10,
    }),
  serial: z.union([BatchSize, z.array(BatchSize).min(1)]).optional(),
  parallelism: z.number().int().min(1).max(1000).default(1),
  abort_percent: z.number().min(0).max(100).nullable().default(null),
  retries: z.number().int().min(0).max(100).default(0),
  on_failure: z.enum(['pause', 'abort', 'continue']).default('pause'),
  step_timeout: z.number().int().min(1).max(86_400).default(600),
  actions: z.record(z.string().regex(/^[a-z][a-z0-9_-]{0,62}$/), z.array(Step).min(1)).default({}),
});
export type ExecutionSettings = z.output<typeof ExecutionSettings>;

/** The settings of an effective configuration; a bad one is a 400 naming its path. */
export function executionSettings(config: Record<string, unknown>): ExecutionSettings {
  const parsed = ExecutionSettings.safeParse(config);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => ({
    field: issue.path.join('.') || 'config',
    reason: issue.message,
  }));
  throw new Invalid(
    DeployErrors.invalid,
    problems.map((p) => `${p.field}: ${p.reason}`).join('; '),
    problems,
  );
}

export function sshOf(settings: ExecutionSettings): SshSettings {
  const { ssh } = settings;
  return {
    user: ssh.user,
    ...(ssh.key_file ? { keyFile: ssh.key_file } : {}),
    knownHosts: ssh.known_hosts,
    ...(ssh.jump ? { jump: ssh.jump } : {}),
    connectTimeoutSeconds: ssh.connect_timeout,
  };
}

/**
 * Hosts in batches from `serial`: a count, a percentage of all hosts, or a list of those used in
 * turn, the last repeating (as Ansible reads it). Absent: one batch of every host.
 */
export function batchesOf(hosts: string[], serial: ExecutionSettings['serial']): string[][] {
  if (serial === undefined) return hosts.length > 0 ? [hosts] : [];
  const sizes = Array.isArray(serial) ? serial : [serial];
  const sizeOf = (s: number | string) =>
    typeof s === 'number'
      ? s
      : Math.max(1, Math.ceil((hosts.length * Number.parseInt(s, 10)) / 100));
  const batches: string[][] = [];
  let at = 0;
  for (let i = 0; at < hosts.length; i++) {
    const size = sizeOf(sizes[Math.min(i, sizes.length - 1)]!);
    batches.push(hosts.slice(at, at + size));
    at += size;
  }
  return batches;
}
