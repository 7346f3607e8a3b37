/**
 * Version strings as real catalogs write them, and their order.
 *
 * Accepted: an optional `v`, an optional Debian epoch (`1:`), then a release of one to five
 * numbers joined by dots (`14`, `1.10`, `2024.03`, `1.2.3.4`) or a date (`2024-03-15`); then an
 * optional pre-release, after `-`, `~` (Debian) or directly as letters (`16beta1`, `1.0rc1`,
 * `5.4.0.RELEASE`); then optional build metadata after `+` (`1.2.3+build.5`, `17.0.9+9`).
 *
 * Order, as people read versions: the epoch, then the release numbers numerically (1.10 > 1.9;
 * a missing number counts as 0, so 1.9 = 1.9.0), then a release above its pre-releases
 * (1.9.0-rc.1 < 1.9 < 2.0.0), pre-releases by their dot-separated parts with digits compared as
 * numbers (rc.2 < rc.10, beta2 < beta10), then the shorter spelling, then build metadata.
 * Strings that are no version (stored before versions were checked) sort below every version.
 */

const MAX_RELEASE_NUMBERS = 5;
const RULE =
  'a version is numbers joined by dots (1.10, 2024.03, v1.2.3), optionally followed by a ' +
  'pre-release (-rc.1, ~beta2) and build metadata (+build.5)';

export interface ParsedVersion {
  epoch: number;
  release: string[];
  pre: string[] | null;
  build: string[];
}

type Parse = { version: ParsedVersion } | { problem: string };

const IDENTIFIER = /^[0-9A-Za-z-]+$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})(?=$|[.+~-])/;

/** Reads a version string, or says in plain words why it is not one. */
export function parseVersion(text: string): Parse {
  if (text.trim() === '') return { problem: 'is empty' };
  if (/\s/.test(text.trim())) return { problem: `must not contain spaces; ${RULE}` };
  const bad = /[^0-9A-Za-z.+~:-]/.exec(text.trim());
  if (bad) return { problem: `"${bad[0]}" cannot appear in a version; ${RULE}` };
  let rest = text.trim().replace(/^v(?=\d)/i, '');
  let epoch = 0;
  const epochMatch = /^(\d+):/.exec(rest);
  if (epochMatch) {
    epoch = Number(epochMatch[1]);
    rest = rest.slice(epochMatch[0].length);
  }
  if (rest.includes(':'))
    return { problem: `":" may only follow an epoch number (1:2.3); ${RULE}` };
  if (!/^\d/.test(rest)) return { problem: `must start with a number; ${RULE}` };

  let build: string[] = [];
  const plus = rest.indexOf('+');
  if (plus >= 0) {
    const parts = rest.slice(plus + 1).split('.');
    if (parts.some((p) => !IDENTIFIER.test(p)))
      return {
        problem: `the build metadata after "+" needs letters or digits between dots; ${RULE}`,
      };
    build = parts;
    rest = rest.slice(0, plus);
  }

  let release: string[];
  const date = DATE.exec(rest);
  if (date) {
    release = [date[1]!, date[2]!, date[3]!];
    rest = rest.slice(date[0].length);
  } else {
    const numbers = /^\d+(?:\.\d+)*/.exec(rest)![0];
    release = numbers.split('.');
    rest = rest.slice(numbers.length);
  }
  if (release.length > MAX_RELEASE_NUMBERS)
    return {
      problem: `has more than ${MAX_RELEASE_NUMBERS} numbers before a pre-release; ${RULE}`,
    };

  let pre: string[] | null = null;
  if (rest !== '') {
    // `1.0-rc.1`, `1.0~rc1`, `16beta1`, `5.4.0.RELEASE`; a bare trailing dot is a typo.
    const marker = /^([-~]|\.(?=[A-Za-z]))/.exec(rest);
    const body = marker ? rest.slice(marker[0].length) : rest;
    if (!marker && !/^[A-Za-z]/.test(body))
      return { problem: `has an empty part between dots; ${RULE}` };
    const parts = body.split('.');
    if (parts.some((p) => !IDENTIFIER.test(p)))
      return {
        problem: `the pre-release "${body}" needs letters or digits between dots; ${RULE}`,
      };
    pre = parts;
  }
  return { version: { epoch, release, pre, build } };
}

/** Why `text` is not a version, or null when it is one. */
export function versionProblem(text: string): string | null {
  const parsed = parseVersion(text);
  return 'problem' in parsed ? parsed.problem : null;
}

/** Compares digit strings of any length numerically, without a number's precision limit. */
function compareDigits(a: string, b: string): number {
  const x = a.replace(/^0+(?=\d)/, '');
  const y = b.replace(/^0+(?=\d)/, '');
  if (x.length !== y.length) return x.length < y.length ? -1 : 1;
  return x < y ? -1 : x > y ? 1 : 0;
}

function compareText(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  if (x !== y) return x < y ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * One pre-release or build part: all digits below any with letters (as SemVer says), digits
 * numerically; otherwise runs of digits and of letters in turn (`beta2` < `beta10`).
 */
function compareIdentifier(a: string, b: string): number {
  const numA = /^\d+$/.test(a);
  const numB = /^\d+$/.test(b);
  if (numA && numB) return compareDigits(a, b);
  if (numA !== numB) return numA ? -1 : 1;
  const runsA = a.match(/\d+|\D+/g)!;
  const runsB = b.match(/\d+|\D+/g)!;
  for (let i = 0; i < Math.min(runsA.length, runsB.length); i++) {
    const x = runsA[i]!;
    const y = runsB[i]!;
    const digits = /^\d/.test(x) && /^\d/.test(y);
    const order = digits ? compareDigits(x, y) : compareText(x, y);
    if (order !== 0) return order;
  }
  return Math.sign(runsA.length - runsB.length);
}

function compareIdentifiers(a: string[], b: string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const order = compareIdentifier(a[i]!, b[i]!);
    if (order !== 0) return order;
  }
  return Math.sign(a.length - b.length);
}

function compareRelease(a: string[], b: string[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const order = compareDigits(a[i] ?? '0', b[i] ?? '0');
    if (order !== 0) return order;
  }
  return 0;
}

export function compareParsed(a: ParsedVersion, b: ParsedVersion): number {
  if (a.epoch !== b.epoch) return a.epoch < b.epoch ? -1 : 1;
  const release = compareRelease(a.release, b.release);
  if (release !== 0) return release;
  if (a.pre === null || b.pre === null) {
    if (a.pre !== b.pre) return a.pre === null ? 1 : -1;
  } else {
    const pre = compareIdentifiers(a.pre, b.pre);
    if (pre !== 0) return pre;
  }
  // 1.10 and 1.10.0 are one release: the shorter spelling first keeps the order total.
  if (a.release.length !== b.release.length) return Math.sign(a.release.length - b.release.length);
  return compareIdentifiers(a.build, b.build);
}

/**
 * A total order over any strings: versions by meaning, non-versions below them as text, and
 * spellings of one version (`v1.2` and `1.2`) by their text, so sorting is stable.
 */
export function compareVersions(a: string, b: string): number {
  const x = parseVersion(a);
  const y = parseVersion(b);
  if ('version' in x && 'version' in y) {
    const order = compareParsed(x.version, y.version);
    if (order !== 0) return order;
  } else if ('version' in x || 'version' in y) {
    return 'version' in x ? 1 : -1;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The highest version by `compareVersions`: what the catalog calls "latest". */
export function latestVersion(versions: string[]): string | null {
  return versions.reduce<string | null>(
    (max, v) => (max === null || compareVersions(v, max) > 0 ? v : max),
    null,
  );
}

/** The rule in one sentence, for forms and docs. */
export const VERSION_RULE = RULE;
