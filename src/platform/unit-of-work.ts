import type { ChangeEvent, EventBus } from './bus.js';
import type { RequestContext } from './context.js';
import type { Db } from './db.js';
import { bumpGeneration } from './generation.js';

export interface Work {
  tx: Db;
  /** Queues a change event; it is published only if the transaction commits. */
  emit(type: string, ref: string, action: ChangeEvent['action']): void;
}

/**
 * Runs a write in one transaction and publishes its change events after commit, so a listener
 * never sees a change that was rolled back.
 */
export async function inTransaction<T>(
  db: Db,
  bus: EventBus,
  ctx: RequestContext,
  fn: (work: Work) => Promise<T>,
): Promise<T> {
  const events: ChangeEvent[] = [];
  const result = await db.transaction(async (tx) => {
    const value = await fn({
      tx: tx as unknown as Db,
      emit: (type, ref, action) =>
        events.push({ type, ref, action, requestId: ctx.requestId, at: new Date().toISOString() }),
    });
    // Anything that announced a change invalidates cached reads (see generation.ts).
    if (events.length > 0) await bumpGeneration(tx as unknown as Db);
    return value;
  });
  for (const event of events) bus.publish(event);
  return result;
}
