/**
 * What an action runs, fixed when it is requested (PRODUCT 8): the dry run shows it, the
 * executor follows it, and it is kept with the action (deploy_actions.plan) so a restart of Argus
 * knows what each host still had to do. Secrets never appear here: a command holds a reference
 * `${secret:env:NAME}` or `${secret:file:/path}` that the executor resolves just before sending
 * and masks in every log line.
 */

export interface PlannedHost {
  /** Address or name reached over SSH; the key of the host in the action's rows. */
  host: string;
  port: number;
  /** The inventory resource it was selected as, when a DSL filter selected it. */
  resourceId?: string;
}

export interface PlannedStep {
  name: string;
  /** Variables already substituted (secret references excepted). */
  command: string;
  /** Killed after this long (the step fails with exit code null and a timeout error). */
  timeoutSeconds: number;
}

export interface SshSettings {
  user: string;
  /** A private key file on the Argus host; absent: the ssh-agent at SSH_AUTH_SOCK. */
  keyFile?: string;
  /** OpenSSH known_hosts file; a host not in it, or with another key, is refused. */
  knownHosts: string;
  jump?: { host: string; port: number; user: string };
  connectTimeoutSeconds: number;
}

export interface PoolPlan {
  /** `haproxy` (runtime API socket or address, backend name) or `commands` (out and in commands or webhooks). */
  driver: 'haproxy' | 'commands';
  settings: Record<string, unknown>;
  /** At most this many hosts out of the pool at once. */
  inpoolThreshold: number;
  drainSeconds: number;
}

export interface HealthGate {
  http?: { url: string; expectStatus: number }[];
  commands?: string[];
  /** Metric queries over the telemetry store: a DSL filter, group type, metric and bounds. */
  metrics?: { filter: string; groupType: string; metric: string; max?: number; min?: number }[];
  /** How long to watch before judging. */
  windowSeconds: number;
}

export interface ActionPlan {
  hosts: PlannedHost[];
  /** Host keys per batch, in order (from `serial`: a count, a percentage or a list). */
  batches: string[][];
  steps: PlannedStep[];
  ssh: SshSettings;
  /** Hosts acted on at once within a batch. */
  parallelism: number;
  /** A batch whose failed hosts reach this percentage stops the action (null: never). */
  abortPercent: number | null;
  /** Retries of a failed host before it counts as failed. */
  retries: number;
  /** What a failed host does to the action once retries are spent. */
  onFailure: 'pause' | 'abort' | 'continue';
  pool?: PoolPlan;
  /** The first batch is the canary: this gate decides pass, fail or inconclusive before the rest. */
  canary?: HealthGate;
  /** The effective variables shown in the dry run (values of secrets never included). */
  variables: Record<string, string>;
}
