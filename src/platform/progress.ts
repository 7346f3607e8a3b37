import type { EventBus } from './bus.js';
import type { RequestContext } from './context.js';

/** Long work reports `done` of `total` units of its current phase ("checking rows", "versions"). */
export type ProgressCallback = (done: number, total: number, phase: string) => void;

/** A task id a client chose to follow its own long request on /api/events. */
export const TASK_ID = /^[A-Za-z0-9_-]{8,64}$/;

/** Calls `onProgress` at most every `everyMs`, and always for the last unit of a phase. */
export function throttledProgress(
  onProgress: ProgressCallback | undefined,
  everyMs = 100,
): ProgressCallback {
  if (!onProgress) return () => {};
  let last = 0;
  let lastPhase = '';
  return (done, total, phase) => {
    const now = Date.now();
    if (phase !== lastPhase || done >= total || now - last >= everyMs) {
      last = now;
      lastPhase = phase;
      onProgress(done, total, phase);
    }
  };
}

/**
 * Publishes a task's progress on the bus for the actor who started it, a few times a second:
 * enough for a live progress bar, few enough not to slow the work.
 */
export function progressToBus(bus: EventBus, ctx: RequestContext, task: string): ProgressCallback {
  const actorId = ctx.actor?.id;
  if (!actorId) return () => {};
  return throttledProgress(
    (done, total, phase) =>
      bus.publishProgress({ task, actorId, phase, done, total, at: new Date().toISOString() }),
    250,
  );
}
