/**
 * Prometheus' HTTP API parameters: times as RFC 3339 or Unix seconds (with decimals), durations
 * as seconds or Prometheus durations (`1h30m`, `15s`, `500ms`). Errors name the parameter, as
 * Prometheus' do (`invalid parameter "start": ...`), and are answered as `bad_data`.
 */

export class ParamError extends Error {
  constructor(param: string, reason: string) {
    super(`invalid parameter ${JSON.stringify(param)}: ${reason}`);
    this.name = 'ParamError';
  }
}

/** A time in seconds since the epoch. */
export function parseTime(param: string, text: string): number {
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  // RFC 3339 needs a date, a time and a zone; Date.parse alone takes far looser text.
  if (/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/i.test(text)) {
    const ms = Date.parse(text);
    if (!Number.isNaN(ms)) return ms / 1000;
  }
  throw new ParamError(
    param,
    `cannot parse ${JSON.stringify(text.slice(0, 64))} to a valid timestamp`,
  );
}

const UNITS: [string, number][] = [
  ['y', 365 * 86400],
  ['w', 7 * 86400],
  ['d', 86400],
  ['h', 3600],
  ['m', 60],
  ['s', 1],
  ['ms', 0.001],
];
const DURATION = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;

/** A duration in seconds, positive. */
export function parseDuration(param: string, text: string): number {
  let seconds: number;
  if (/^\d+(\.\d+)?$/.test(text)) seconds = Number(text);
  else {
    const match = text === '' ? null : DURATION.exec(text);
    if (!match) {
      throw new ParamError(
        param,
        `cannot parse ${JSON.stringify(text.slice(0, 64))} to a valid duration`,
      );
    }
    seconds = UNITS.reduce((sum, [, unit], i) => sum + Number(match[i + 1] ?? 0) * unit, 0);
  }
  if (!(seconds > 0)) {
    throw new ParamError(
      param,
      'zero or negative query resolution step widths are not accepted. Try a positive integer',
    );
  }
  return seconds;
}
