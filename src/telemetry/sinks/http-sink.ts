import type { MetricGroup } from '../metric-group.js';
import type { ConsumerHealth, MetricConsumer } from '../pipeline.js';

/**
 * The delivery half every HTTP sink shares (InfluxDB line protocol, Prometheus remote write):
 * a batch from the bus is encoded into chunks (one POST each) and sent in order.
 *
 * Retrying is the bus's job (src/telemetry/bus: the same batch again, exponential back-off, the
 * consumer shown `retrying` then `down`); this class decides WHAT is retried:
 * - a network error, a timeout, 429 or 5xx rejects `consume`, so the bus keeps the batch and
 *   tries again later. The chunks already accepted are remembered for that batch (the bus
 *   retries the same array), so a retry sends only the rest: no duplicates at the destination;
 * - any other 4xx means the destination refuses the data itself (a bad line, a limit): sending
 *   it again cannot help, so that chunk's groups are counted as `dropped` with the answer as the
 *   reason, and delivery goes on with the next chunk.
 */

/** One POST: its body and how many groups it carries (for counting). */
export interface Chunk {
  groups: number;
  body: string | Uint8Array<ArrayBuffer>;
}

export interface HttpSinkOptions {
  name: string;
  url: string;
  /** Per request (content type, encoding, authorization); called for every POST, so a rotated token is used. */
  headers: () => Promise<Record<string, string>>;
  encode: (groups: readonly MetricGroup[]) => Chunk[];
  timeoutMs: number;
}

/** A failed POST; `retryable` when trying again later may succeed. The message holds no secret. */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

/** The URL as it may be shown: without user, password or query (which may carry a token). */
export function displayUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
}

/** Why fetch failed, from undici's cause chain (`connect ECONNREFUSED 127.0.0.1:9`). */
function networkReason(error: unknown): string {
  if (error instanceof DOMException && error.name === 'TimeoutError') return 'timed out';
  const cause = (error as { cause?: { message?: string; code?: string } }).cause;
  return cause?.message ?? cause?.code ?? (error as Error).message ?? String(error);
}

/** A status worth retrying: the server is overloaded or failing, not refusing the data. */
const retryableStatus = (status: number) => status === 429 || status >= 500;

/** Sends one body; resolves on 2xx, else throws a {@link DeliveryError}. */
export async function post(
  url: string,
  body: string | Uint8Array<ArrayBuffer>,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<void> {
  const where = `POST ${displayUrl(url)}`;
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      body,
      headers,
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
  } catch (error) {
    throw new DeliveryError(`${where}: ${networkReason(error)}`, true);
  }
  // Read the answer in every case: an unread body holds the connection.
  const text = await response.text().catch(() => '');
  if (response.ok) return;
  const reason = text.trim().replace(/\s+/g, ' ').slice(0, 300);
  throw new DeliveryError(
    `${where}: HTTP ${response.status}${reason ? ` ${reason}` : ''}`,
    retryableStatus(response.status),
  );
}

interface Progress {
  chunks: Chunk[];
  /** The first chunk not accepted yet. */
  next: number;
}

export class HttpSink implements MetricConsumer {
  readonly name: string;
  /** Batches the bus is retrying: what is left of each (keyed by the batch array the bus reuses). */
  private readonly progress = new WeakMap<readonly MetricGroup[], Progress>();
  private delivered = 0;
  private dropped = 0;
  private pending = 0;
  private failing = false;
  private lastError: string | undefined;
  private lastErrorAt: string | undefined;

  constructor(private readonly options: HttpSinkOptions) {
    this.name = options.name;
    displayUrl(options.url); // a malformed URL fails at start-up, not at the first batch
  }

  async consume(groups: readonly MetricGroup[]): Promise<void> {
    let progress = this.progress.get(groups);
    if (!progress) {
      progress = { chunks: this.options.encode(groups), next: 0 };
      this.progress.set(groups, progress);
    }
    this.pending = progress.chunks.slice(progress.next).reduce((n, c) => n + c.groups, 0);
    const headers = await this.options.headers();
    while (progress.next < progress.chunks.length) {
      const chunk = progress.chunks[progress.next];
      try {
        await post(this.options.url, chunk.body, headers, this.options.timeoutMs);
        this.delivered += chunk.groups;
      } catch (error) {
        const failure =
          error instanceof DeliveryError ? error : new DeliveryError(String(error), true);
        this.noteError(failure.message);
        if (failure.retryable) {
          this.failing = true;
          throw failure;
        }
        this.dropped += chunk.groups;
      }
      this.pending -= chunk.groups;
      progress.next++;
    }
    this.progress.delete(groups);
    this.failing = false;
  }

  private noteError(message: string): void {
    this.lastError = message;
    this.lastErrorAt = new Date().toISOString();
  }

  /**
   * The sink's own view: groups accepted by the destination, groups it refused (4xx: `dropped`,
   * which the bus cannot see), the last error. The bus's stats hold the queue and back-off state.
   */
  health(): ConsumerHealth {
    return {
      name: this.name,
      state: this.failing ? 'retrying' : 'ok',
      queued: this.pending,
      delivered: this.delivered,
      dropped: this.dropped,
      ...(this.lastError === undefined
        ? {}
        : { lastError: this.lastError, lastErrorAt: this.lastErrorAt }),
    };
  }
}
