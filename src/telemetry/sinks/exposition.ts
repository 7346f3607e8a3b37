import type { MetricGroup } from '../metric-group.js';
import type { ConsumerHealth, MetricConsumer } from '../pipeline.js';
import { prometheusName, seriesLabels } from './names.js';

/**
 * The collected series for a Prometheus scraper (`GET /metrics/collected`): a consumer that keeps
 * the latest value of every series in memory, so a scrape costs a walk over a map, never a
 * database query. Names and labels as src/telemetry/sinks/names.ts says.
 *
 * Bounds: at most `maxSeries` series are kept (about 300 bytes each with Panoptes' labels, so the
 * default 100,000 is ~30 MB); a NEW series beyond that is refused and counted as dropped, while
 * the series already kept go on being updated. A series not updated for three of its polling
 * intervals (at least a minute) is gone from the output and from memory: a removed interface
 * does not show its last value forever.
 */

interface Latest {
  name: string;
  type: 'gauge' | 'counter';
  help: string;
  /** Already rendered: `{a="x",b="y"}`, sorted by name. */
  labelText: string;
  value: number;
  seenAt: number;
  staleAfterMs: number;
}

const MIN_STALE_MS = 60_000;

/** A label value as the text format wants it: backslash, double quote and line feed escaped. */
export function escapeLabelValue(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** HELP text escapes backslash and line feed (not quotes). */
export function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

function labelText(labels: Record<string, string>): string {
  const parts = Object.entries(labels)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}="${escapeLabelValue(v)}"`);
  return parts.length > 0 ? `{${parts.join(',')}}` : '';
}

export interface CollectedSeriesOptions {
  maxSeries: number;
  /** The clock (tests move it). */
  now?: () => number;
}

export class CollectedSeries implements MetricConsumer {
  readonly name = 'exposition';
  private readonly latest = new Map<string, Latest>();
  private readonly now: () => number;
  private delivered = 0;
  private refused = 0;

  constructor(private readonly options: CollectedSeriesOptions) {
    this.now = options.now ?? Date.now;
  }

  async consume(groups: readonly MetricGroup[]): Promise<void> {
    const now = this.now();
    for (const group of groups) {
      const labels = labelText(seriesLabels(group.resource, group.dimensions));
      const staleAfterMs = Math.max(MIN_STALE_MS, group.metrics_group_interval * 3000);
      for (const m of group.metrics) {
        const { name, scale } = prometheusName(
          group.metrics_group_type,
          m.metric_name,
          m.metric_type,
        );
        const value = m.metric_value * scale;
        const key = name + labels;
        const known = this.latest.get(key);
        if (known) {
          known.value = value;
          known.seenAt = now;
          known.staleAfterMs = staleAfterMs;
          continue;
        }
        if (this.latest.size >= this.options.maxSeries) {
          this.refused++;
          continue;
        }
        this.latest.set(key, {
          name,
          type: m.metric_type,
          help: `${m.metric_name} of the ${group.metrics_group_type} metric group (${m.metric_type})${
            scale === 1 ? '' : `, times ${scale} for the base unit`
          }`,
          labelText: labels,
          value,
          seenAt: now,
          staleAfterMs,
        });
      }
      this.delivered++;
    }
  }

  /** Series held now (stale ones included until the next render). */
  get size(): number {
    return this.latest.size;
  }

  /**
   * The text exposition format (version 0.0.4): per name one HELP and TYPE line, then its
   * series. A gauge and a counter can share a name only when a gauge's own name ends in
   * `_total`; the first type (by sort order) is kept and the other series left out, since one
   * name cannot carry two types.
   */
  render(): string {
    const now = this.now();
    const families = new Map<string, Latest[]>();
    for (const [key, entry] of this.latest) {
      if (now - entry.seenAt > entry.staleAfterMs) {
        this.latest.delete(key);
        continue;
      }
      const family = families.get(entry.name);
      if (family) family.push(entry);
      else families.set(entry.name, [entry]);
    }
    const lines: string[] = [];
    for (const name of [...families.keys()].sort()) {
      const entries = families.get(name)!.sort((a, b) => (a.labelText < b.labelText ? -1 : 1));
      const type = entries[0].type;
      lines.push(`# HELP ${name} ${escapeHelp(entries[0].help)}`, `# TYPE ${name} ${type}`);
      for (const e of entries) if (e.type === type) lines.push(`${name}${e.labelText} ${e.value}`);
    }
    return lines.length > 0 ? `${lines.join('\n')}\n` : '';
  }

  health(): ConsumerHealth {
    return {
      name: this.name,
      state: 'ok',
      queued: 0,
      delivered: this.delivered,
      dropped: this.refused,
      ...(this.refused > 0
        ? { lastError: `more than ${this.options.maxSeries} series: new ones are not exposed` }
        : {}),
    };
  }
}
