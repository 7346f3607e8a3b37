import type { Metric, MetricGroup } from '../metric-group.js';

/**
 * Rates from counters (PRODUCT 6): a `rate:<group_type>:<metric>` transform replaces a counter
 * with its per-second rate as a float gauge of the same name. Panoptes truncated rates to integers
 * and turned every decrease into a spike or a zero; here:
 * - a decrease is a wrap when the counter's width explains it AND the implied rate fits the
 *   interface speed; otherwise it is a
 *   reset (a reboot, a cleared counter) and gives no sample, never a spike;
 * - a gap of more than 3 polling intervals, or a duplicate poll (same or older timestamp), gives
 *   no sample (the gap's average would hide what happened in it);
 * - a rate above the interface speed is clamped to it.
 * The speed comes from the group itself: a metric or dimension `configured_speed` (or `speed`),
 * in bits per second as IF-MIB's ifHighSpeed x 10^6 gives it. Limits per metric name: names
 * containing `octets` or `bytes` count octets (limit = speed / 8); anything else (bits, packets,
 * errors) is limited by the speed itself, a loose bound for packets that still stops garbage.
 * Without a known speed, a decrease cannot be shown to be a wrap and counts as a reset.
 * The width is the group's `counter_width` dimension (32 or 64, as the SNMP plugins report it);
 * without one it is guessed from the previous value (above 2^32: 64-bit), which takes a 64-bit
 * counter reset from a small value for a 32-bit wrap, so plugins that know should say.
 * A plugin that scales a counter before reporting it (Panoptes' `bits_*` = octets x 8) wraps at 8
 * times the width: names starting with `bits` use that.
 */

export interface RateSpec {
  groupType: string;
  metric: string;
}

export class TransformSpecError extends Error {
  constructor(
    /** The offending part, as written. */
    readonly part: string,
    readonly index: number,
    reason: string,
  ) {
    super(`transform ${index + 1} "${part}": ${reason}`);
    this.name = 'TransformSpecError';
  }
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

/**
 * Parses transform specs. Each string may hold several, comma-separated; as in Panoptes' plugin
 * files, a bare metric name after a full spec takes the same group type:
 * `rate:interface:bits_in,bits_out` is `rate:interface:bits_in` and `rate:interface:bits_out`.
 */
export function parseTransforms(specs: string | readonly string[]): RateSpec[] {
  const parts = (typeof specs === 'string' ? [specs] : specs)
    .flatMap((s) => s.split(','))
    .map((s) => s.trim());
  const out: RateSpec[] = [];
  let groupType: string | undefined;
  for (const [index, part] of parts.entries()) {
    const fail = (reason: string) => new TransformSpecError(part, index, reason);
    if (part === '') throw fail('empty; expected rate:<group_type>:<metric>');
    const pieces = part.split(':');
    if (pieces.length === 1) {
      if (groupType === undefined)
        throw fail('a bare metric needs a rate:<group_type>:<metric> before it');
      if (!NAME.test(part)) throw fail(`metric "${part}" is not a valid name`);
      out.push({ groupType, metric: part });
      continue;
    }
    if (pieces[0] !== 'rate') throw fail(`unknown kind "${pieces[0]}"; only "rate" exists`);
    if (pieces.length !== 3) throw fail('expected rate:<group_type>:<metric>');
    const [, type = '', metric = ''] = pieces;
    if (!NAME.test(type)) throw fail(`group type "${type}" is not a valid name`);
    if (!NAME.test(metric)) throw fail(`metric "${metric}" is not a valid name`);
    groupType = type;
    out.push({ groupType, metric });
  }
  return out;
}

const TWO_32 = 2 ** 32;
const TWO_64 = 2 ** 64;

interface Previous {
  value: number;
  at: number;
}

export type RateOutcome =
  | { kind: 'rate'; value: number; clamped: boolean }
  | { kind: 'first' | 'duplicate' | 'gap' | 'reset' };

/** The pure rule for one step of one counter; `limit` is the highest rate possible, if known. */
export function rateStep(
  previous: Previous | undefined,
  current: Previous,
  intervalSeconds: number,
  limit: number | undefined,
  scale = 1,
  bits?: 32 | 64,
): RateOutcome {
  if (previous === undefined) return { kind: 'first' };
  const dt = current.at - previous.at;
  if (dt <= 0) return { kind: 'duplicate' };
  if (dt > 3 * intervalSeconds) return { kind: 'gap' };
  let delta = current.value - previous.value;
  if (delta < 0) {
    if (limit === undefined) return { kind: 'reset' };
    const wide = bits === undefined ? previous.value > TWO_32 * scale : bits === 64;
    const width = (wide ? TWO_64 : TWO_32) * scale;
    if (current.value >= width) return { kind: 'reset' };
    delta = width - previous.value + current.value;
    if (delta / dt > limit) return { kind: 'reset' };
  }
  const rate = delta / dt;
  if (limit !== undefined && rate > limit) return { kind: 'rate', value: limit, clamped: true };
  return { kind: 'rate', value: rate, clamped: false };
}

function speedOf(group: MetricGroup): number | undefined {
  for (const name of ['configured_speed', 'speed']) {
    const m = group.metrics.find((x) => x.metric_name === name);
    if (m && m.metric_value > 0) return m.metric_value;
    const d = group.dimensions.find((x) => x.dimension_name === name);
    const n = d ? Number(d.dimension_value) : Number.NaN;
    if (n > 0) return n;
  }
  return undefined;
}

/** The counters' width the plugin reported (`counter_width` 32 or 64), if it did. */
function counterBitsOf(group: MetricGroup): 32 | 64 | undefined {
  const d = group.dimensions.find((x) => x.dimension_name === 'counter_width');
  return d?.dimension_value === '32' ? 32 : d?.dimension_value === '64' ? 64 : undefined;
}

function limitFor(metric: string, speed: number | undefined): number | undefined {
  if (speed === undefined) return undefined;
  return /octets|bytes/.test(metric) ? speed / 8 : speed;
}

/**
 * The key of a group's series up to the metric name (resource, group type, dimension set in name
 * order); a metric's series key is this plus its name. Computed once per group, not per metric.
 */
export function groupKey(group: MetricGroup): string {
  const dims = group.dimensions
    .map((d) => [d.dimension_name, d.dimension_value] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return JSON.stringify([group.resource.id, group.metrics_group_type, dims]);
}

export interface RateCounters {
  rates: number;
  first: number;
  duplicate: number;
  gap: number;
  reset: number;
  clamped: number;
}

/**
 * Applies rate specs to groups, keeping each counter's previous value by series. Groups are
 * returned new (the input is not changed); a group whose every metric gave no sample is left out.
 */
export class RateTransformer {
  private readonly previous = new Map<string, Previous>();
  readonly counters: RateCounters = {
    rates: 0,
    first: 0,
    duplicate: 0,
    gap: 0,
    reset: 0,
    clamped: 0,
  };

  apply(groups: readonly MetricGroup[], specs: readonly RateSpec[]): MetricGroup[] {
    if (specs.length === 0) return [...groups];
    const out: MetricGroup[] = [];
    for (const group of groups) {
      const wanted = specs.filter((s) => s.groupType === group.metrics_group_type);
      if (wanted.length === 0) {
        out.push(group);
        continue;
      }
      const names = new Set(wanted.map((s) => s.metric));
      const speed = speedOf(group);
      const bits = counterBitsOf(group);
      const prefix = groupKey(group);
      const metrics: Metric[] = [];
      for (const m of group.metrics) {
        if (!names.has(m.metric_name) || m.metric_type !== 'counter') {
          metrics.push(m);
          continue;
        }
        const key = `${prefix}\u0000${m.metric_name}`;
        const current = { value: m.metric_value, at: m.metric_creation_timestamp };
        const before = this.previous.get(key);
        const outcome = rateStep(
          before,
          current,
          group.metrics_group_interval,
          limitFor(m.metric_name, speed),
          m.metric_name.startsWith('bits') ? 8 : 1,
          bits,
        );
        // A duplicate or older poll must not move the reference point backwards.
        if (outcome.kind !== 'duplicate') this.previous.set(key, current);
        if (outcome.kind === 'rate') {
          this.counters.rates++;
          if (outcome.clamped) this.counters.clamped++;
          metrics.push({ ...m, metric_value: outcome.value, metric_type: 'gauge' });
        } else {
          this.counters[outcome.kind]++;
        }
      }
      if (metrics.length > 0) out.push({ ...group, metrics });
    }
    return out;
  }

  /** Forgets counters not seen for `olderThanSeconds` (resources gone, interfaces removed). */
  forget(nowSeconds: number, olderThanSeconds: number): void {
    for (const [key, p] of this.previous) {
      if (nowSeconds - p.at > olderThanSeconds) this.previous.delete(key);
    }
  }

  get size(): number {
    return this.previous.size;
  }
}
