/**
 * Orders version strings the way people read them: numeric parts numerically (1.10 > 1.9),
 * a pre-release below its release (2.0.0-rc.1 < 2.0.0), anything else as text.
 */
export function compareVersions(a: string, b: string): number {
  const [coreA, preA] = splitPre(a);
  const [coreB, preB] = splitPre(b);
  const byCore = compareParts(coreA.split(/[.]/), coreB.split(/[.]/));
  if (byCore !== 0) return byCore;
  if (preA === null && preB === null) return 0;
  if (preA === null) return 1;
  if (preB === null) return -1;
  return compareParts(preA.split('.'), preB.split('.'));
}

function splitPre(version: string): [string, string | null] {
  const clean = version
    .trim()
    .replace(/^v(?=\d)/i, '')
    .replace(/\+.*$/, '');
  const dash = clean.indexOf('-');
  return dash < 0 ? [clean, null] : [clean.slice(0, dash), clean.slice(dash + 1)];
}

function compareParts(a: string[], b: string[]): number {
  const length = Math.max(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const nx = /^\d+$/.test(x) ? Number(x) : null;
    const ny = /^\d+$/.test(y) ? Number(y) : null;
    if (nx !== null && ny !== null) {
      if (nx !== ny) return nx < ny ? -1 : 1;
    } else if (nx !== null) {
      return -1; // numeric identifiers sort below alphanumeric ones, as in SemVer
    } else if (ny !== null) {
      return 1;
    } else if (x !== y) {
      return x < y ? -1 : 1;
    }
  }
  return 0;
}

export function latestVersion(versions: string[]): string | null {
  return versions.reduce<string | null>(
    (max, v) => (max === null || compareVersions(v, max) > 0 ? v : max),
    null,
  );
}
