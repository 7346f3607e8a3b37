import type { Db } from '../../platform/db.js';
import { deployLogs } from '../schema.js';

/**
 * Output lines of an action, written in batches (one INSERT per flush, not per line): 50 hosts
 * printing at once would otherwise cost a statement per line. Flushed on a short timer, when the
 * buffer is large, and at the end of the action; the ids are the offsets readers resume from.
 */

export interface LogLine {
  host: string | null;
  step: number | null;
  stream: 'stdout' | 'stderr' | 'system';
  line: string;
}

const FLUSH_MS = 200;
const FLUSH_LINES = 500;

export class LogWriter {
  private buffer: LogLine[] = [];
  private timer?: NodeJS.Timeout;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly actionId: string,
    private readonly onError: (error: Error) => void,
  ) {}

  write(line: LogLine): void {
    this.buffer.push(line);
    if (this.buffer.length >= FLUSH_LINES) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), FLUSH_MS);
  }

  /** Writes what is buffered; resolves when every line so far is in the database. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const lines = this.buffer;
    this.buffer = [];
    if (lines.length > 0) {
      // Chained: batches land in order, so ids follow the order lines were written in.
      this.writing = this.writing.then(() =>
        this.db
          .insert(deployLogs)
          .values(lines.map((l) => ({ ...l, actionId: this.actionId })))
          .then(
            () => undefined,
            (error: Error) => this.onError(error),
          ),
      );
    }
    return this.writing;
  }
}
