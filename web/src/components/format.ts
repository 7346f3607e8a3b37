/** Small formatting helpers shared by the pages. */

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateTime.format(d);
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `2026-11-23 19:14`: sortable and one line, for history tables. */
export function formatShortDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateOnly.format(d);
}

/** "3 min ago", "2 d ago": for dense tables, with the full date in a title. */
export function formatRelative(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return '';
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return iso;
  const s = Math.round((now - t) / 1000);
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  if (s < 30 * 86_400) return `${Math.floor(s / 86_400)} d ago`;
  return formatDate(iso);
}

/**
 * A history value as text: strings as they are, lists joined, objects as `key: value; ...`
 * (empty members left out).
 */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '∅';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return '∅';
    if (value.every((v) => typeof v !== 'object' || v === null))
      return value.map(String).join(', ');
    return JSON.stringify(value);
  }
  if (typeof value === 'object') {
    const parts = Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => [k, formatValue(v)] as const)
      .filter(([, text]) => text !== '∅')
      .map(([k, text]) => (text.includes(';') ? `${k}: (${text})` : `${k}: ${text}`));
    return parts.length ? parts.join('; ') : '∅';
  }
  return JSON.stringify(value);
}

/** Words people write in capitals, as they appear in field and list names. */
const ACRONYMS: Record<string, string> = {
  api: 'API',
  dn: 'DN',
  id: 'ID',
  kloc: 'KLOC',
  ldap: 'LDAP',
  orm: 'ORM',
  orms: 'ORMs',
  qa: 'QA',
  tcp: 'TCP',
  url: 'URL',
  urls: 'URLs',
};

/** A field or list name as a label: `privacyClass` -> "Privacy class", `tcp_ports` -> "TCP ports". */
export function humanize(key: string): string {
  const words = key
    .replace(/_/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(' ')
    .map((w) => ACRONYMS[w] ?? w);
  const first = words[0] ?? '';
  if (!ACRONYMS[first]) words[0] = first.charAt(0).toUpperCase() + first.slice(1);
  return words.join(' ');
}

/**
 * A count with its noun in the right number: `plural(1, 'deployment')` -> "1 deployment",
 * `plural(3, 'person', 'people')` -> "3 people".
 */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}
