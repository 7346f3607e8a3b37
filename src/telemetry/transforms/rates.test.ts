import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MetricGroup } from '../metric-group.js';
import { parseTransforms, RateTransformer, rateStep, TransformSpecError } from './rates.js';

const TWO_32 = 2 ** 32;
const TWO_64 = 2 ** 64;
const GBIT = 1e9;

describe('parseTransforms', () => {
  it('reads several specs, comma-separated or as a list', () => {
    expect(parseTransforms('rate:interface:bits_in, rate:interface:bits_out')).toEqual([
      { groupType: 'interface', metric: 'bits_in' },
      { groupType: 'interface', metric: 'bits_out' },
    ]);
    expect(parseTransforms(['rate:a:b', 'rate:c:d'])).toHaveLength(2);
  });

  it("reads Panoptes' shorthand: bare metrics take the group type before them", () => {
    expect(parseTransforms('rate:network:bytes_in, bytes_out,rate:interface:bits_in')).toEqual([
      { groupType: 'network', metric: 'bytes_in' },
      { groupType: 'network', metric: 'bytes_out' },
      { groupType: 'interface', metric: 'bits_in' },
    ]);
  });

  it.each([
    ['rate:interface', /transform 1 "rate:interface": expected rate:<group_type>:<metric>/],
    ['rate:interface:bits_in,delta:x:y', /transform 2 "delta:x:y": unknown kind "delta"/],
    [
      'bits_in,rate:a:b',
      /transform 1 "bits_in": a bare metric needs a rate:<group_type>:<metric> before it/,
    ],
    ['rate:a:b,bits-out', /transform 2 "bits-out": metric "bits-out" is not a valid name/],
    ['rate:interface:bits_in,,rate:a:b', /transform 2 "": empty/],
    ['rate:9x:bits_in', /group type "9x" is not a valid name/],
    ['rate:interface:bits-in', /metric "bits-in" is not a valid name/],
    ['rate:a:b:c', /expected rate:<group_type>:<metric>/],
  ])('rejects %s naming the part', (spec, message) => {
    expect(() => parseTransforms(spec)).toThrow(TransformSpecError);
    expect(() => parseTransforms(spec)).toThrow(message);
  });
});

describe('rateStep', () => {
  const at = (value: number, t: number) => ({ value, at: t });
  it('gives a float per second', () => {
    expect(rateStep(at(100, 0), at(150, 60), 60, undefined)).toEqual({
      kind: 'rate',
      value: 50 / 60,
      clamped: false,
    });
  });
  it('gives nothing for the first poll, a duplicate, an older poll or a gap over 3 intervals', () => {
    expect(rateStep(undefined, at(1, 0), 60, GBIT).kind).toBe('first');
    expect(rateStep(at(1, 60), at(2, 60), 60, GBIT).kind).toBe('duplicate');
    expect(rateStep(at(1, 60), at(2, 30), 60, GBIT).kind).toBe('duplicate');
    expect(rateStep(at(1, 0), at(2, 181), 60, GBIT).kind).toBe('gap');
    expect(rateStep(at(1, 0), at(2, 180), 60, GBIT).kind).toBe('rate');
  });
  it('tells a 32-bit wrap, a 64-bit wrap and a reset apart', () => {
    // 32-bit: 1000 before the top, 1000 after: 2000 in 60 s.
    expect(rateStep(at(TWO_32 - 1000, 0), at(1000, 60), 60, GBIT)).toMatchObject({
      kind: 'rate',
      value: 2000 / 60,
    });
    // Above 2^32 before: a 64-bit counter; the wrapped distance is 2^64 - prev + cur.
    const prev = TWO_64 - 2 ** 20;
    expect(rateStep(at(prev, 0), at(2 ** 20, 60), 60, GBIT)).toMatchObject({
      kind: 'rate',
      value: (TWO_64 - prev + 2 ** 20) / 60,
    });
    // A 64-bit counter back near zero: the wrap would imply ~3e17/s, beyond 1 Gbit/s: a reset.
    expect(rateStep(at(5 * TWO_32, 0), at(10, 60), 60, GBIT).kind).toBe('reset');
    // Without a known speed a decrease cannot be shown to be a wrap.
    expect(rateStep(at(TWO_32 - 1000, 0), at(1000, 60), 60, undefined).kind).toBe('reset');
  });
  it('takes the width the plugin reports over a guess from the previous value', () => {
    // bits_in of a 64-bit counter reset from 8e9 to 800: guessed as 32-bit it looks like a wrap
    // of ~439 Mbit/s; told it is 64-bit, the wrap would be far beyond the speed: a reset.
    const bitsPrev = at(8e9, 0);
    const bitsNow = at(800, 60);
    expect(rateStep(bitsPrev, bitsNow, 60, GBIT, 8).kind).toBe('rate');
    expect(rateStep(bitsPrev, bitsNow, 60, GBIT, 8, 64).kind).toBe('reset');
    // A 32-bit counter reported as such still wraps.
    expect(rateStep(at(TWO_32 - 1000, 0), at(1000, 60), 60, GBIT, 1, 32).kind).toBe('rate');
  });
  it('clamps to the speed', () => {
    expect(rateStep(at(0, 0), at(GBIT * 120, 60), 60, GBIT)).toEqual({
      kind: 'rate',
      value: GBIT,
      clamped: true,
    });
  });
});

const resource = {
  id: '00000000-0000-4000-8000-000000000001',
  resource_id: 'sw1',
  resource_site: 'dc1',
  resource_class: 'network',
  resource_subclass: 'switch',
  resource_type: 'x',
  resource_endpoint: '10.0.0.1',
};
function poll(at: number, octets: number, speed?: number, iface = 'eth0'): MetricGroup {
  return {
    resource,
    metrics_group_type: 'interface',
    metrics_group_interval: 60,
    metrics_group_creation_timestamp: at,
    metrics_group_schema_version: '0.2',
    dimensions: [{ dimension_name: 'interface_name', dimension_value: iface }],
    metrics: [
      {
        metric_name: 'octets_in',
        metric_value: octets,
        metric_type: 'counter',
        metric_creation_timestamp: at,
      },
      ...(speed === undefined
        ? []
        : [
            {
              metric_name: 'configured_speed',
              metric_value: speed,
              metric_type: 'gauge' as const,
              metric_creation_timestamp: at,
            },
          ]),
    ],
  };
}
const specs = parseTransforms('rate:interface:octets_in');
const rateOf = (groups: MetricGroup[]) =>
  groups[0]?.metrics.find((m) => m.metric_name === 'octets_in');

describe('RateTransformer', () => {
  it('keeps state by series, limits octets to speed / 8 and leaves other metrics alone', () => {
    const t = new RateTransformer();
    expect(rateOf(t.apply([poll(0, 0, GBIT)], specs))).toBeUndefined();
    // Another interface is another series: its first poll gives nothing either.
    expect(rateOf(t.apply([poll(60, 10, GBIT, 'eth1')], specs))).toBeUndefined();
    const out = t.apply([poll(60, 60 * GBIT, GBIT)], specs);
    expect(rateOf(out)).toMatchObject({ metric_type: 'gauge', metric_value: GBIT / 8 });
    expect(out[0]!.metrics.find((m) => m.metric_name === 'configured_speed')?.metric_value).toBe(
      GBIT,
    );
    expect(t.counters).toMatchObject({ first: 2, rates: 1, clamped: 1 });
  });
  it('reads the speed from a dimension too', () => {
    const t = new RateTransformer();
    const withDim = (at: number, v: number): MetricGroup => {
      const g = poll(at, v);
      return {
        ...g,
        dimensions: [
          ...g.dimensions,
          { dimension_name: 'configured_speed', dimension_value: '8000' },
        ],
      };
    };
    t.apply([withDim(0, TWO_32 - 60)], specs);
    expect(rateOf(t.apply([withDim(60, 0)], specs))?.metric_value).toBe(1);
  });
  it('drops a group whose only metric gave no sample, and does not change its input', () => {
    const t = new RateTransformer();
    const g = poll(0, 5);
    expect(t.apply([g], specs)).toEqual([]);
    expect(g.metrics[0]!.metric_type).toBe('counter');
  });
});

/**
 * Generated counter histories against a reference model in exact (BigInt) arithmetic: traffic
 * that wraps the counter's width, resets to a small value, gaps and duplicate polls.
 */
describe('rates on generated sequences (property)', () => {
  const speed = 8e9; // bits/s: octets are limited to 1e9/s
  const limit = speed / 8;
  type Step =
    | { kind: 'traffic'; dt: number; perSecond: number }
    | { kind: 'reset'; dt: number; to: number }
    | { kind: 'gap'; dt: number; perSecond: number }
    | { kind: 'duplicate' };
  // Below 2^32 / 180 per second a 32-bit counter wraps at most once between polls, so a wrap is
  // unambiguous; clamping is exercised by traffic beyond the limit.
  const traffic = fc.oneof(
    fc.record({
      kind: fc.constant('traffic' as const),
      dt: fc.integer({ min: 1, max: 180 }),
      perSecond: fc.integer({ min: 0, max: 23_000_000 }),
    }),
    // Beyond the speed, short enough to stay under one 32-bit width.
    fc.record({
      kind: fc.constant('traffic' as const),
      dt: fc.integer({ min: 1, max: 2 }),
      perSecond: fc.constant(limit * 1.5),
    }),
  );
  const step: fc.Arbitrary<Step> = fc.oneof(
    { weight: 6, arbitrary: traffic },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('reset' as const),
        dt: fc.integer({ min: 1, max: 180 }),
        to: fc.integer({ min: 0, max: 1000 }),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('gap' as const),
        dt: fc.integer({ min: 181, max: 10_000 }),
        perSecond: fc.integer({ min: 0, max: 1000 }),
      }),
    },
    { weight: 1, arbitrary: fc.constant({ kind: 'duplicate' as const }) },
  );

  for (const bits of [32, 64] as const) {
    it(`${bits}-bit counters follow the reference`, () => {
      const width = 1n << BigInt(bits);
      const start =
        bits === 32
          ? fc.bigInt({ min: 0n, max: width - 1n })
          : fc.oneof(
              fc.bigInt({ min: (1n << 32n) + 1n, max: width - 1n }),
              fc.bigInt({ min: width - 10n ** 12n, max: width - 1n }),
            );
      fc.assert(
        fc.property(start, fc.array(step, { minLength: 1, maxLength: 50 }), (first, steps) => {
          const t = new RateTransformer();
          let value = first;
          let at = 1_000_000;
          t.apply([poll(at, Number(value), speed)], specs);
          for (const s of steps) {
            let expected: number | undefined;
            const before = value;
            if (s.kind !== 'duplicate') at += s.dt;
            if (s.kind === 'traffic') {
              const delta = BigInt(Math.floor(s.perSecond * s.dt));
              value = (value + delta) % width;
              const rate = Number(delta) / s.dt;
              // A wrap whose rate exceeds the speed is taken for a reset: no sample, never a spike.
              expected = value < before && rate > limit ? undefined : Math.min(rate, limit);
            } else if (s.kind === 'reset') {
              value = BigInt(s.to);
              // The rule: a decrease is a wrap of the width told by the previous value when the
              // implied rate fits the speed, else a reset with no sample.
              const told = Number(before) > 2 ** 32 ? 1n << 64n : 1n << 32n;
              const wrapped = Number(told - before + value) / s.dt;
              expected =
                value >= before
                  ? Math.min(Number(value - before) / s.dt, limit)
                  : wrapped <= limit
                    ? wrapped
                    : undefined;
            } else if (s.kind === 'gap') {
              value = (value + BigInt(s.perSecond * s.dt)) % width;
            }
            const out = rateOf(t.apply([poll(at, Number(value), speed)], specs))?.metric_value;
            if (expected === undefined) {
              expect(out).toBeUndefined();
            } else {
              expect(out).toBeDefined();
              // Above 2^53 a double holds a 64-bit counter to within 2^11: allow that error.
              expect(Math.abs((out as number) - expected)).toBeLessThanOrEqual(
                bits === 64 ? 4096 / (s as { dt: number }).dt + 1e-6 : 1e-6,
              );
            }
            if (out !== undefined) {
              expect(out).toBeGreaterThanOrEqual(0);
              expect(out).toBeLessThanOrEqual(limit);
            }
            if (s.kind === 'duplicate') value = before;
          }
        }),
        { numRuns: 300 },
      );
    });
  }
});
