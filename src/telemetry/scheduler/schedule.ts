import { and, eq, inArray, notInArray } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import type { LoadedPlugin } from '../config/plugin-file.js';
import { telemetrySchedule } from '../schema.js';
import { spreadOffsetMs } from './spread.js';

/**
 * Keeps one telemetry_schedule row per (plugin, subject) that should run: the subject is a
 * resource's uuid for polling and enrichment (the resources the plugin's filter selects), ''
 * for discovery. New pairs get their first due time spread over the interval, or now for a
 * `run_at_start` plugin; rows of pairs that no longer apply go. Every worker may run this:
 * inserts of a pair that exists do nothing, so workers reading the same files agree.
 */

export interface ScheduleTarget {
  plugin: LoadedPlugin;
  /** null: the subjects could not be read now; the plugin's rows stay as they are. */
  subjects: readonly string[] | null;
}

export interface SyncOutcome {
  added: number;
  removed: number;
}

const chunkSize = 1000;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += chunkSize) out.push(items.slice(i, i + chunkSize));
  return out;
}

export async function syncSchedule(
  db: Db,
  targets: readonly ScheduleTarget[],
  now: Date = new Date(),
): Promise<SyncOutcome> {
  const names = targets.map((t) => t.plugin.config.name);
  let removed = 0;
  // Plugins no longer configured (file deleted, or now broken) stop being scheduled.
  const gone = await db
    .delete(telemetrySchedule)
    .where(names.length > 0 ? notInArray(telemetrySchedule.plugin, names) : undefined)
    .returning({ plugin: telemetrySchedule.plugin });
  removed += gone.length;

  let added = 0;
  for (const { plugin, subjects } of targets) {
    if (subjects === null) continue;
    const { name, executeFrequency } = plugin.config;
    const existing = await db
      .select({ subject: telemetrySchedule.subject })
      .from(telemetrySchedule)
      .where(eq(telemetrySchedule.plugin, name));
    const have = new Set(existing.map((row) => row.subject));
    const want = new Set(subjects);
    const stale = [...have].filter((subject) => !want.has(subject));
    for (const part of chunks(stale)) {
      const deleted = await db
        .delete(telemetrySchedule)
        .where(and(eq(telemetrySchedule.plugin, name), inArray(telemetrySchedule.subject, part)))
        .returning({ subject: telemetrySchedule.subject });
      removed += deleted.length;
    }
    const fresh = [...want].filter((subject) => !have.has(subject));
    for (const part of chunks(fresh)) {
      const rows = part.map((subject) => ({
        plugin: name,
        subject,
        dueAt: new Date(
          now.getTime() + (plugin.runAtStart ? 0 : spreadOffsetMs(name, subject, executeFrequency)),
        ),
      }));
      const inserted = await db
        .insert(telemetrySchedule)
        .values(rows)
        .onConflictDoNothing()
        .returning({ subject: telemetrySchedule.subject });
      added += inserted.length;
    }
  }
  return { added, removed };
}
