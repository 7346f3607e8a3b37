import type { SubmitResult } from '../pipeline-runtime.js';
import { PluginFailure, RunStatus, type RunStatusCode } from '../plugin.js';

/** What a run came to: a Panoptes status code and, unless it succeeded, why. */
export interface RunOutcome {
  status: RunStatusCode;
  error: string | null;
}

export const succeeded: RunOutcome = { status: RunStatus.success, error: null };

/** Longest error kept with a run: enough for a stack's first lines, bounded for the table. */
const maxErrorLength = 2000;

export function failed(status: RunStatusCode, error: string): RunOutcome {
  return {
    status,
    error: error.length > maxErrorLength ? `${error.slice(0, maxErrorLength)}…` : error,
  };
}

/** A thrown error as an outcome: a PluginFailure says its kind; anything else is internal. */
export function outcomeOfError(error: unknown): RunOutcome {
  if (error instanceof PluginFailure) return failed(error.status, error.message);
  const message = error instanceof Error ? error.message : String(error);
  return failed(RunStatus.internalFailure, message || 'the module failed without a message');
}

/** Groups the pipeline refused (schema) make a run partial, with the first reasons. */
export function outcomeOfSubmit(result: SubmitResult, partial: string | undefined): RunOutcome {
  const reasons: string[] = [];
  if (partial) reasons.push(partial);
  if (result.rejected.length > 0) {
    const first = result.rejected
      .slice(0, 3)
      .map((r) => `group ${r.index} ${r.path}: ${r.message}`)
      .join('; ');
    reasons.push(`${result.rejected.length} metric group(s) refused: ${first}`);
  }
  if (reasons.length === 0) return succeeded;
  if (result.accepted === 0 && !partial)
    return failed(RunStatus.missingMetrics, reasons.join('; '));
  return failed(RunStatus.partial, reasons.join('; '));
}
