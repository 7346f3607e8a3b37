import type { Client, ClientChannel } from 'ssh2';
import { SshError } from '../../telemetry/collectors/ssh-session.js';
import {
  type Credentials,
  connectSsh,
  describeEndpoint,
  type Endpoint,
  forwardThrough,
} from './connect.js';
import { MarkerSplitter, type Markers, newMarkers, wrapStep } from './markers.js';
import { maskSecrets, resolveSecrets } from './secrets.js';

/**
 * One host of an action: ONE SSH connection and ONE shell session for all of its steps. Steps run
 * one at a time; each yields its output lines (stdout and stderr apart, secrets masked) and its
 * exit code. A step past its timeout, or killed, has its process group killed over a second
 * channel of the same connection; a session that does not answer that is torn down.
 */

export type StreamName = 'stdout' | 'stderr';

export interface StepOutcome {
  /** null: no exit code (timed out, killed, connection lost). */
  exitCode: number | null;
  /** Why there is no exit code (or why it is not zero when Argus knows better). */
  error?: string;
}

export type LineSink = (stream: StreamName, line: string) => void;

/** How long a killed step's shell has to report the end before the connection is dropped. */
const KILL_GRACE_MS = 10_000;

interface RunningStep {
  step: number;
  pid?: number;
  ends: Partial<Record<StreamName, number>>;
  sink: LineSink;
  secrets: string[];
  error?: string;
  killRequested: boolean;
  finish(outcome: StepOutcome): void;
}

/** A jump host's connection, opened once and shared by every host of an action. */
export class JumpHost {
  private client?: Promise<Client>;

  constructor(
    readonly endpoint: Endpoint,
    private readonly credentials: Credentials,
  ) {}

  channelTo(target: Endpoint) {
    if (!this.client) {
      this.client = connectSsh(this.endpoint, this.credentials);
      this.client.then(
        (c) =>
          c.on('close', () => {
            this.client = undefined;
          }),
        () => {
          this.client = undefined;
        },
      );
    }
    return this.client.then((c) => forwardThrough(c, this.endpoint, target));
  }

  close(): void {
    this.client?.then(
      (c) => c.destroy(),
      () => undefined,
    );
    this.client = undefined;
  }
}

export class HostSession {
  private readonly markers: Markers = newMarkers();
  private readonly splitters: Record<StreamName, MarkerSplitter>;
  private current?: RunningStep;
  private closed?: string;

  private constructor(
    readonly endpoint: Endpoint,
    private readonly client: Client,
    private readonly shell: ClientChannel,
  ) {
    this.splitters = {
      stdout: new MarkerSplitter(this.markers),
      stderr: new MarkerSplitter(this.markers),
    };
    shell.on('data', (chunk: Buffer) => this.receive('stdout', chunk));
    shell.stderr.on('data', (chunk: Buffer) => this.receive('stderr', chunk));
    shell.on('error', (error: Error) => this.lost(`shell session error: ${error.message}`));
    shell.stderr.on('error', (error: Error) => this.lost(`shell session error: ${error.message}`));
    shell.on('close', () => this.lost('the shell session ended'));
    client.on('error', (error: Error) => this.lost(`connection error: ${error.message}`));
    client.on('close', () => this.lost('connection closed'));
  }

  /** Connects (through `jump` when given) and starts the shell; rejects with an SshError. */
  static async open(
    endpoint: Endpoint,
    credentials: Credentials,
    jump?: JumpHost,
  ): Promise<HostSession> {
    const sock = jump ? await jump.channelTo(endpoint) : undefined;
    const client = await connectSsh(endpoint, credentials, sock);
    try {
      const shell = await new Promise<ClientChannel>((resolve, reject) =>
        // No pseudo-terminal: stderr stays apart and nothing is echoed back.
        client.shell(false, (error, channel) => (error ? reject(error) : resolve(channel))),
      );
      return new HostSession(endpoint, client, shell);
    } catch (error) {
      client.destroy();
      throw new SshError(
        'network',
        `${describeEndpoint(endpoint)}: cannot start a shell: ${(error as Error).message}`,
      );
    }
  }

  /** Runs one step; resolves when it ended (never rejects: a failure is an outcome). */
  async runStep(
    step: number,
    command: string,
    timeoutMs: number,
    sink: LineSink,
  ): Promise<StepOutcome> {
    if (this.closed) return { exitCode: null, error: this.closed };
    if (this.current) throw new Error('a step is already running on this session');
    let resolved: { text: string; values: string[] };
    try {
      resolved = await resolveSecrets(command);
    } catch (error) {
      return { exitCode: null, error: (error as Error).message };
    }
    return new Promise<StepOutcome>((resolve) => {
      const timer = setTimeout(() => {
        this.kill(`timed out after ${Math.round(timeoutMs / 1000)} s`);
      }, timeoutMs);
      this.current = {
        step,
        ends: {},
        sink,
        secrets: resolved.values,
        killRequested: false,
        finish: (outcome) => {
          clearTimeout(timer);
          this.current = undefined;
          resolve(outcome);
        },
      };
      this.shell.write(wrapStep(this.markers, step, resolved.text));
    });
  }

  /**
   * Stops the running step (its whole process group, SIGKILL): it ends with exit code null and
   * `reason` as its error. Without an answer within a grace period the connection is dropped.
   */
  kill(reason: string): void {
    const running = this.current;
    if (!running || running.killRequested) return;
    running.killRequested = true;
    running.error = reason;
    if (running.pid !== undefined) this.signal(running.pid);
    const grace = setTimeout(() => {
      if (this.current === running) {
        this.lost(`${reason}; the host did not confirm the kill`);
        this.close();
      }
    }, KILL_GRACE_MS);
    grace.unref();
  }

  close(): void {
    this.closed ??= 'the session was closed';
    this.client.destroy();
  }

  private signal(pid: number): void {
    // A second channel on the same connection: the shell itself is busy waiting for the step.
    this.client.exec(`kill -KILL -- -${pid} 2>/dev/null || kill -KILL ${pid}`, (error, channel) => {
      if (error) {
        this.lost(`cannot kill the step: ${error.message}`);
        this.close();
        return;
      }
      channel.on('error', () => undefined);
      channel.resume();
      channel.stderr.resume();
    });
  }

  private receive(stream: StreamName, chunk: Buffer): void {
    for (const event of this.splitters[stream].push(chunk)) {
      const running = this.current;
      // Output outside a step (a login script's banner) belongs to no step and is dropped.
      if (!running) continue;
      if (event.kind === 'line') {
        running.sink(stream, maskSecrets(event.line, running.secrets));
      } else if (event.step !== running.step) {
        // A marker of an earlier step can only be a stale echo: ignored.
      } else if (event.kind === 'begin') {
        running.pid = event.pid;
        if (running.killRequested) this.signal(event.pid);
      } else {
        running.ends[stream] = event.code;
        if (running.ends.stdout !== undefined && running.ends.stderr !== undefined) {
          running.finish(
            running.error !== undefined
              ? { exitCode: null, error: running.error }
              : { exitCode: event.code },
          );
        }
      }
    }
  }

  private lost(reason: string): void {
    this.closed ??= reason;
    const running = this.current;
    if (!running) return;
    for (const stream of ['stdout', 'stderr'] as const)
      for (const event of this.splitters[stream].flush())
        if (event.kind === 'line') running.sink(stream, maskSecrets(event.line, running.secrets));
    running.finish({ exitCode: null, error: running.error ?? reason });
  }
}
