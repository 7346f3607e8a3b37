// Which paths a destructive verb must not touch, and how a written path is read: `/./`, `//` and
// `/etc/..` normalised, globs (`/*`) matched, a path that ends in an unknown expansion (`/var/$X`)
// judged by everything it could become, relative paths read from a known `cd`.
import type { Word } from './lexer.js';

/**
 * System paths a recursive delete, chmod, chown or move must not reach. `*` is any one name.
 * Every top-level folder is one (`/tmp` too; what is inside /tmp is not), and so are the
 * folders that hold installed software, state and logs.
 */
export const SYSTEM_PATHS = [
  '/',
  '/*',
  '/usr/*',
  '/var/lib',
  '/var/log',
  '/var/spool',
  '/var/cache',
  '/home/*',
  '/boot/*',
  '/etc/*',
  '~',
  '~*',
] as const;

/** Files whose truncation or deletion breaks logins, boot or name resolution. */
export const CRITICAL_FILES = [
  '/etc/passwd',
  '/etc/shadow',
  '/etc/group',
  '/etc/gshadow',
  '/etc/sudoers',
  '/etc/fstab',
  '/etc/crypttab',
  '/etc/hosts',
  '/etc/ssh/sshd_config',
  '/boot/*',
] as const;

/** Block devices (whole disks, partitions, device-mapper and md volumes). */
export const BLOCK_DEVICE =
  /^\/dev\/(sd[a-z]|hd[a-z]|vd[a-z]|xvd[a-z]|nvme\d|mmcblk\d|md\d|dm-\d|loop\d|mapper\/|disk\/)/;

/** `//`, `/./`, `..` and trailing slashes resolved; `~` stays the root of a home path. */
export function normalisePath(path: string): string {
  const home = path.startsWith('~');
  const [first, ...rest] = path.split('/');
  const root = home ? first : '';
  const out: string[] = [];
  for (const segment of rest) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') out.pop();
    else out.push(segment);
  }
  if (out.length === 0) return home ? root : '/';
  return `${root}/${out.join('/')}`;
}

/** A path as a command receives it, resolved as far as it can be before running. */
export interface PathTarget {
  /** The absolute (or `~`) patterns it may be; empty when it is relative to an unknown folder. */
  candidates: string[];
  /** It ends with an expansion whose value is unknown (`/var/$X`): any continuation is possible. */
  open: boolean;
  /** Nothing of it is known (`$DIR`). */
  unknown: boolean;
}

export function pathTarget(word: Word, cwds: string[]): PathTarget {
  const written = word.value ?? word.prefix;
  const open = word.value === null;
  if (open && written === '') return { candidates: [], open, unknown: true };
  const candidates: string[] = [];
  for (const path of expandBraces(written)) {
    if (path.startsWith('/') || path.startsWith('~')) candidates.push(path);
    else candidates.push(...cwds.map((cwd) => `${cwd}/${path}`));
  }
  return { candidates, open, unknown: false };
}

const MAX_EXPANSIONS = 256;

/**
 * Bash's brace expansion (`/{etc,usr}` is `/etc /usr`), the written form included. Quoted braces
 * do not expand in bash; expanding them here too only adds candidates, so never lets one through.
 */
export function expandBraces(text: string): string[] {
  const out = new Set<string>([text]);
  const queue = [text];
  while (queue.length > 0 && out.size < MAX_EXPANSIONS) {
    const current = queue.shift()!;
    const group = innermostBraceGroup(current);
    if (!group) continue;
    for (const choice of group.choices) {
      const next = current.slice(0, group.start) + choice + current.slice(group.end);
      if (!out.has(next)) {
        out.add(next);
        queue.push(next);
      }
    }
  }
  return [...out].filter((p) => !innermostBraceGroup(p) || p === text);
}

function innermostBraceGroup(
  text: string,
): { start: number; end: number; choices: string[] } | null {
  const close = text.indexOf('}');
  if (close === -1) return null;
  const open = text.lastIndexOf('{', close);
  if (open === -1) return null;
  const choices = text.slice(open + 1, close).split(',');
  return choices.length < 2 ? null : { start: open, end: close + 1, choices };
}

/** The listed path the target may be, or null. */
export function reaches(target: PathTarget, listed: readonly string[]): string | null {
  for (const candidate of target.candidates) {
    for (const pattern of listed) {
      if (matches(candidate, pattern, target.open)) return pattern;
    }
  }
  return null;
}

/**
 * Whether `written` (a path that may hold globs; `open`: followed by any text) can name the
 * same file as `pattern` (a listed path whose `*` segments are any name).
 */
function matches(written: string, pattern: string, open: boolean): boolean {
  const path = open ? written : normalisePath(written);
  const want = segments(pattern);
  if (open) {
    // Everything up to the last `/` is fixed; the rest may grow into any name, or more segments.
    const normalisedHead = normalisePath(path.slice(0, path.lastIndexOf('/') + 1) || '/');
    const head = segments(normalisedHead);
    const tail = path.slice(path.lastIndexOf('/') + 1);
    if (head.length === want.length && tail === '') return head.every((s, k) => same(s, want[k]));
    if (head.length >= want.length) return false;
    if (!head.every((s, k) => same(s, want[k]))) return false;
    const next = want[head.length];
    return next === '*' || next.startsWith(tail) || (next === '~*' && tail.startsWith('~'));
  }
  const have = segments(path);
  return have.length === want.length && have.every((s, k) => same(s, want[k]));
}

function segments(path: string): string[] {
  if (path === '/') return [];
  const parts = path.split('/');
  return parts[0] === '' ? parts.slice(1) : parts;
}

/** One written segment (maybe a glob) against one listed segment (maybe `*`, `~*`). */
function same(have: string, want: string): boolean {
  if (want === '*') return true;
  if (want === '~*') return have.startsWith('~');
  if (/[*?[]/.test(have)) return globRegex(have).test(want);
  return have === want;
}

function globRegex(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') out += '.*';
    else if (c === '?') out += '.';
    else if (c === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close === -1) out += '\\[';
      else {
        out += `[${glob
          .slice(i + 1, close)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\')}]`;
        i = close;
      }
    } else out += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

/** The block device a written path is, or null. */
export function blockDevice(word: Word): string | null {
  const value = word.value ?? word.prefix;
  if (!value.startsWith('/')) return null;
  const path = normalisePath(value);
  return BLOCK_DEVICE.test(path) ? path : null;
}
