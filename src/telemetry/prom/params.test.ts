import { describe, expect, it } from 'vitest';
import { ParamError, parseDuration, parseTime } from './params.js';

describe('parseTime', () => {
  it('reads Unix seconds and RFC 3339', () => {
    expect(parseTime('time', '1764000000.5')).toBe(1_764_000_000.5);
    expect(parseTime('time', '2025-11-24T16:00:00Z')).toBe(1_764_000_000);
    expect(parseTime('time', '2025-11-24T17:00:00+01:00')).toBe(1_764_000_000);
  });

  it('names the parameter of a bad time', () => {
    expect(() => parseTime('start', 'yesterday')).toThrow(ParamError);
    expect(() => parseTime('start', 'Nov 24 2025')).toThrow(/invalid parameter "start"/);
  });
});

describe('parseDuration', () => {
  it('reads seconds and Prometheus durations', () => {
    expect(parseDuration('step', '15')).toBe(15);
    expect(parseDuration('step', '0.5')).toBe(0.5);
    expect(parseDuration('step', '1h30m')).toBe(5400);
    expect(parseDuration('step', '1d')).toBe(86400);
    expect(parseDuration('step', '250ms')).toBe(0.25);
  });

  it('refuses garbage and zero', () => {
    expect(() => parseDuration('step', '1x')).toThrow(/invalid parameter "step"/);
    expect(() => parseDuration('step', '')).toThrow(ParamError);
    expect(() => parseDuration('step', '0')).toThrow(/positive/);
  });
});
