// The facet index's storage: one slot per component, columns of typed arrays. Values that
// repeat (categories, owners, tags) are dictionary-encoded, so 100,000 components cost a few
// bytes per field each instead of 100,000 objects; only the name, unique per component, is
// kept as a string. Code 0 of every dictionary is SQL NULL.

/** Distinct values of one field, each with a small integer code; 0 is NULL. */
class Dictionary {
  readonly values: (string | null)[] = [null];
  private readonly codes = new Map<string, number>();

  code(value: string | null): number {
    if (value === null) return 0;
    let code = this.codes.get(value);
    if (code === undefined) {
      code = this.values.length;
      this.values.push(value);
      this.codes.set(value, code);
    }
    return code;
  }

  bytes(): number {
    let text = 0;
    for (const value of this.values) text += value === null ? 0 : 2 * value.length;
    // A string and a map entry each carry some tens of bytes of V8 bookkeeping.
    return text + this.values.length * 64;
  }
}

function grown<T extends Uint32Array | Uint8Array>(array: T, length: number): T {
  const next = new (array.constructor as new (n: number) => T)(length);
  next.set(array);
  return next;
}

/** A single-valued field: one code per slot. */
export class ScalarColumn {
  private readonly dictionary = new Dictionary();
  private codes: Uint32Array;

  constructor(capacity: number) {
    this.codes = new Uint32Array(capacity);
  }

  grow(capacity: number): void {
    this.codes = grown(this.codes, capacity);
  }

  set(slot: number, value: string | null): void {
    this.codes[slot] = this.dictionary.code(value);
  }

  get(slot: number): string | null {
    return this.dictionary.values[this.codes[slot]!] ?? null;
  }

  /** How many of the selected slots hold each value, as a plain GROUP BY would count them. */
  tally(selected: Uint32Array, n: number): { value: string | null; count: number }[] {
    const counts = new Uint32Array(this.dictionary.values.length);
    const codes = this.codes;
    for (let i = 0; i < n; i++) counts[codes[selected[i]!]!]!++;
    return present(counts, this.dictionary.values);
  }

  bytes(): number {
    return this.codes.byteLength + this.dictionary.bytes();
  }
}

/**
 * An array field (tags, languages): each slot points at a run of codes in one shared array.
 * A changed slot gets a new run at the end; the old run is garbage until the column compacts.
 */
export class MultiColumn {
  private readonly dictionary = new Dictionary();
  private start: Uint32Array;
  private length: Uint32Array;
  private elements = new Uint32Array(1024);
  private used = 0;
  private garbage = 0;

  constructor(capacity: number) {
    this.start = new Uint32Array(capacity);
    this.length = new Uint32Array(capacity);
  }

  grow(capacity: number): void {
    this.start = grown(this.start, capacity);
    this.length = grown(this.length, capacity);
  }

  set(slot: number, values: readonly (string | null)[]): void {
    this.clear(slot);
    if (this.used + values.length > this.elements.length) this.makeRoom(values.length);
    this.start[slot] = this.used;
    this.length[slot] = values.length;
    for (const value of values) this.elements[this.used++] = this.dictionary.code(value);
  }

  clear(slot: number): void {
    this.garbage += this.length[slot]!;
    this.length[slot] = 0;
  }

  get(slot: number): (string | null)[] {
    const from = this.start[slot]!;
    const to = from + this.length[slot]!;
    const values: (string | null)[] = [];
    for (let i = from; i < to; i++) values.push(this.dictionary.values[this.elements[i]!] ?? null);
    return values;
  }

  /** Counts every element, as `unnest` does: a value twice in one array counts twice. */
  tally(selected: Uint32Array, n: number): { value: string | null; count: number }[] {
    const counts = new Uint32Array(this.dictionary.values.length);
    const { start, length, elements } = this;
    for (let i = 0; i < n; i++) {
      const slot = selected[i]!;
      const from = start[slot]!;
      const to = from + length[slot]!;
      for (let k = from; k < to; k++) counts[elements[k]!]!++;
    }
    return present(counts, this.dictionary.values);
  }

  bytes(): number {
    return (
      this.start.byteLength +
      this.length.byteLength +
      this.elements.byteLength +
      this.dictionary.bytes()
    );
  }

  /** Drops the garbage when it is most of the array, else doubles the array. */
  private makeRoom(needed: number): void {
    if (this.garbage > this.used / 2) {
      const live = this.used - this.garbage;
      const next = new Uint32Array(Math.max(1024, 2 * (live + needed)));
      let used = 0;
      for (let slot = 0; slot < this.start.length; slot++) {
        const from = this.start[slot]!;
        const n = this.length[slot]!;
        next.set(this.elements.subarray(from, from + n), used);
        this.start[slot] = used;
        used += n;
      }
      this.elements = next;
      this.used = used;
      this.garbage = 0;
    } else {
      this.elements = grown(this.elements, Math.max(2 * this.elements.length, this.used + needed));
    }
  }
}

function present(
  counts: Uint32Array,
  values: (string | null)[],
): { value: string | null; count: number }[] {
  const answer: { value: string | null; count: number }[] = [];
  for (let code = 0; code < counts.length; code++) {
    const count = counts[code]!;
    if (count > 0) answer.push({ value: values[code] ?? null, count });
  }
  return answer;
}

/** Parses a UUID into four 32-bit words, so 100,000 ids take 1.6 MB, not 100,000 strings. */
export function uuidWords(id: string): [number, number, number, number] {
  const hex = id.replaceAll('-', '');
  return [
    Number.parseInt(hex.slice(0, 8), 16),
    Number.parseInt(hex.slice(8, 16), 16),
    Number.parseInt(hex.slice(16, 24), 16),
    Number.parseInt(hex.slice(24, 32), 16),
  ];
}

/** Component ids by slot, and whether a slot is in use. */
export class SlotIds {
  private words: Uint32Array;
  private live: Uint8Array;

  constructor(capacity: number) {
    this.words = new Uint32Array(4 * capacity);
    this.live = new Uint8Array(capacity);
  }

  grow(capacity: number): void {
    this.words = grown(this.words, 4 * capacity);
    this.live = grown(this.live, capacity);
  }

  set(slot: number, id: string): void {
    this.words.set(uuidWords(id), 4 * slot);
    this.live[slot] = 1;
  }

  clear(slot: number): void {
    this.live[slot] = 0;
  }

  isLive(slot: number): boolean {
    return this.live[slot] === 1;
  }

  matches(slot: number, words: readonly number[]): boolean {
    const at = 4 * slot;
    const w = this.words;
    return (
      w[at] === words[0] &&
      w[at + 1] === words[1] &&
      w[at + 2] === words[2] &&
      w[at + 3] === words[3]
    );
  }

  bytes(): number {
    return this.words.byteLength + this.live.byteLength;
  }
}
