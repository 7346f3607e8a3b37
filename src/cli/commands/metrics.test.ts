import { describe, expect, it } from 'vitest';
import { formatLatest, formatRange, parseDuration } from './metrics.js';

describe('argus metrics', () => {
  it('reads durations and refuses what is not one', () => {
    expect(parseDuration('90s')).toBe(90);
    expect(parseDuration('15m')).toBe(900);
    expect(parseDuration('1.5h')).toBe(5400);
    expect(parseDuration('7d')).toBe(604800);
    expect(() => parseDuration('7 days')).toThrow(/--since: "7 days" is not a duration/);
  });

  it('prints a range per series, with min and max from rollups', () => {
    const text = formatRange({
      resolution: '1m',
      start: 1_700_000_000,
      end: 1_700_000_120,
      step: 60,
      series: [
        {
          id: 1,
          resource: {
            id: '00000000-0000-4000-8000-000000000001',
            resource_id: 'sw1',
            resource_site: 'dc1',
          },
          group_type: 'interface',
          metric: 'bits_in',
          metric_type: 'gauge',
          dimensions: { interface_name: 'eth0' },
          points: [
            [1_700_000_000, 1.5],
            [1_700_000_060, 2],
          ],
          bounds: [
            [1, 2],
            [2, 2],
          ],
        },
      ],
    });
    expect(text.split('\n')).toEqual([
      'resolution 1m, step 60 s, 2023-11-14T22:13:20Z .. 2023-11-14T22:15:20Z',
      '',
      'interface.bits_in  dc1/sw1 {interface_name=eth0}',
      '  TIME                  VALUE  MIN  MAX',
      '  2023-11-14T22:13:20Z  1.5    1    2',
      '  2023-11-14T22:14:20Z  2      2    2',
      '',
    ]);
  });

  it('prints latest values as a table', () => {
    expect(formatLatest({ values: [] })).toBe('no recent values\n');
    const text = formatLatest({
      values: [
        {
          id: 1,
          resource: { id: '00000000-0000-4000-8000-000000000001' },
          group_type: 'cpu',
          metric: 'busy_percent',
          metric_type: 'gauge',
          dimensions: {},
          at: 1_700_000_000,
          value: 12.3456789,
        },
      ],
    });
    expect(text).toBe(
      'GROUP  DIMENSIONS  METRIC        VALUE    AT\ncpu    -           busy_percent  12.3457  2023-11-14T22:13:20Z\n',
    );
  });
});
