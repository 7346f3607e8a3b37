/**
 * How each status reads: a short word, a colour, a glyph and a sentence. Colour is never the only
 * signal: the word and the glyph tell the states apart in grey print and for people who do not
 * see the colours apart; the sentence is the badge's title and accessible name.
 */
export interface StatusLook {
  label: string;
  color: string;
  glyph: string;
  help: string;
}

/** The derived overall status (PRODUCT 2's table). */
export const OVERALL_LOOK: Record<string, StatusLook> = {
  ok: { label: 'ok', color: 'green', glyph: '✓', help: 'ready and approved' },
  'n/a': {
    label: 'n/a',
    color: 'teal',
    glyph: '–',
    help: 'not applicable, approved (or exempted)',
  },
  waiting: {
    label: 'waiting',
    color: 'yellow',
    glyph: '…',
    help: 'ready, waiting for a reviewer to approve',
  },
  waiting_na: {
    label: 'waiting n/a',
    color: 'lime',
    glyph: '…',
    help: 'marked not applicable, waiting for a reviewer to agree',
  },
  not_approved: {
    label: 'not approved',
    color: 'red',
    glyph: '✗',
    help: 'a reviewer rejected it',
  },
  not_ready: { label: 'not ready', color: 'orange', glyph: '!', help: 'the owners say not ready' },
  unknown: { label: 'unknown', color: 'gray', glyph: '?', help: 'the owners have not said yet' },
};

/** The owner's readiness. */
export const OWNER_LOOK: Record<string, StatusLook> = {
  unknown: { label: 'unknown', color: 'gray', glyph: '?', help: 'not set yet' },
  not_ready: { label: 'not ready', color: 'orange', glyph: '!', help: 'not ready' },
  ready: { label: 'ready', color: 'green', glyph: '✓', help: 'ready' },
  'n/a': { label: 'n/a', color: 'teal', glyph: '–', help: 'does not apply' },
};

/** The reviewer's sign-off. */
export const REVIEWER_LOOK: Record<string, StatusLook> = {
  unknown: { label: 'unknown', color: 'gray', glyph: '?', help: 'not signed off' },
  rejected: { label: 'rejected', color: 'red', glyph: '✗', help: 'rejected' },
  approved: { label: 'approved', color: 'green', glyph: '✓', help: 'approved' },
};

/** An exemption's state. */
export const EXEMPTION_LOOK: Record<string, StatusLook> = {
  requested: {
    label: 'exemption requested',
    color: 'yellow',
    glyph: '…',
    help: 'waiting for a reviewer',
  },
  approved: {
    label: 'exempted',
    color: 'teal',
    glyph: '–',
    help: 'counts as n/a until it expires',
  },
  denied: { label: 'exemption denied', color: 'red', glyph: '✗', help: 'a reviewer denied it' },
  revoked: { label: 'exemption revoked', color: 'gray', glyph: '✗', help: 'no longer counts' },
  expired: { label: 'exemption expired', color: 'gray', glyph: '✗', help: 'no longer counts' },
};

const FALLBACK: StatusLook = { label: '', color: 'gray', glyph: '?', help: '' };

/** The look of a status, or a neutral one naming it when the server sends a state this page does not know. */
export function lookOf(table: Record<string, StatusLook>, status: string): StatusLook {
  return table[status] ?? { ...FALLBACK, label: status, help: status };
}

/** A percentage as people read it: whole numbers, "–" when there was nothing to count. */
export function formatPercent(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '–';
  return `${Math.round(value)}%`;
}
