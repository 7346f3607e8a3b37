import { constants } from 'node:buffer';
import { inflateRawSync } from 'node:zlib';

/**
 * A small, fast reader for the first worksheet of an XLSX file: the ZIP central directory,
 * the shared strings and the sheet's cells as text. It reads a 100,000-row sheet several times
 * faster than a general XML parser. It is the only XLSX reader of imports because it counts the
 * bytes it inflates and stops at a limit (a general reader trusts what the archive declares);
 * files it cannot read (encryption, unknown compression, damage) make it throw
 * `XlsxFormatError`.
 */

export class XlsxFormatError extends Error {}

/** The entries read inflate to more than the limit: reading stopped at the limit. */
export class XlsxInflationLimit extends Error {
  constructor(
    readonly entry: string,
    readonly limit: number,
  ) {
    super(`${entry}: inflates past ${limit} bytes`);
  }
}

interface ZipEntry {
  method: number;
  compressedSize: number;
  offset: number;
}

const U32_MAX = 0xffffffff;

function bigToNumber(value: bigint, what: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new XlsxFormatError(`damaged ZIP ${what}`);
  return Number(value);
}

/** Where the central directory starts and how many entries it has, ZIP64 or not. */
function centralDirectory(buf: Buffer): { start: number; count: number } {
  // End of central directory: the last 0x06054b50 within the final 64 KB + 22 bytes.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65_557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new XlsxFormatError('not a ZIP archive (no end of central directory)');
  const count = buf.readUInt16LE(eocd + 10);
  const start = buf.readUInt32LE(eocd + 16);
  if (count !== 0xffff && start !== U32_MAX) return { start, count };
  // ZIP64: a locator right before the record points at the ZIP64 end of central directory.
  const locator = eocd - 20;
  if (locator < 0 || buf.readUInt32LE(locator) !== 0x07064b50)
    throw new XlsxFormatError('damaged ZIP64 archive (no end of central directory locator)');
  const record = bigToNumber(buf.readBigUInt64LE(locator + 8), 'ZIP64 locator');
  if (buf.readUInt32LE(record) !== 0x06064b50)
    throw new XlsxFormatError('damaged ZIP64 archive (no ZIP64 end of central directory)');
  return {
    count: bigToNumber(buf.readBigUInt64LE(record + 32), 'ZIP64 entry count'),
    start: bigToNumber(buf.readBigUInt64LE(record + 48), 'ZIP64 directory offset'),
  };
}

function zipEntries(buf: Buffer): Map<string, ZipEntry> {
  const { start, count } = centralDirectory(buf);
  let p = start;
  const entries = new Map<string, ZipEntry>();
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(p) !== 0x02014b50)
      throw new XlsxFormatError('damaged ZIP central directory');
    const flags = buf.readUInt16LE(p + 8);
    if (flags & 1) throw new XlsxFormatError('encrypted XLSX files are not supported');
    const method = buf.readUInt16LE(p + 10);
    let compressedSize = buf.readUInt32LE(p + 20);
    const uncompressedSize = buf.readUInt32LE(p + 24);
    const nameLength = buf.readUInt16LE(p + 28);
    const extraLength = buf.readUInt16LE(p + 30);
    const commentLength = buf.readUInt16LE(p + 32);
    let offset = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLength);
    // ZIP64 sizes and offset sit in extra field 0x0001, in this order, when the 32-bit ones are full.
    for (let x = p + 46 + nameLength; x + 4 <= p + 46 + nameLength + extraLength; ) {
      const id = buf.readUInt16LE(x);
      const size = buf.readUInt16LE(x + 2);
      if (id === 0x0001) {
        let f = x + 4;
        if (uncompressedSize === U32_MAX) f += 8;
        if (compressedSize === U32_MAX) {
          compressedSize = bigToNumber(buf.readBigUInt64LE(f), `size of ${name}`);
          f += 8;
        }
        if (offset === U32_MAX) offset = bigToNumber(buf.readBigUInt64LE(f), `offset of ${name}`);
      }
      x += 4 + size;
    }
    entries.set(name, { method, compressedSize, offset });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/**
 * Inflates entries within one budget of bytes. The sizes an archive declares are not trusted:
 * zlib stops as soon as its output passes what is left of the budget.
 */
class Inflater {
  private left: number;

  constructor(
    private readonly buf: Buffer,
    private readonly entries: Map<string, ZipEntry>,
    private readonly limit: number,
  ) {
    this.left = limit;
  }

  read(name: string): string | null {
    const entry = this.entries.get(name);
    if (!entry) return null;
    const { buf } = this;
    const p = entry.offset;
    if (buf.readUInt32LE(p) !== 0x04034b50) throw new XlsxFormatError(`damaged ZIP entry ${name}`);
    const start = p + 30 + buf.readUInt16LE(p + 26) + buf.readUInt16LE(p + 28);
    const data = buf.subarray(start, start + entry.compressedSize);
    let out: Buffer;
    if (entry.method === 0) out = data;
    else if (entry.method === 8) {
      try {
        out = inflateRawSync(data, { maxOutputLength: Math.max(1, this.left) });
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (code === 'ERR_BUFFER_TOO_LARGE') throw new XlsxInflationLimit(name, this.limit);
        throw new XlsxFormatError(
          `damaged ZIP entry ${name}: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    } else throw new XlsxFormatError(`ZIP compression method ${entry.method} is not supported`);
    if (out.length > this.left) throw new XlsxInflationLimit(name, this.limit);
    this.left -= out.length;
    return out.toString('utf8');
  }
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function decodeXml(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (m, e: string) => {
    if (e[0] !== '#') return ENTITIES[e]!;
    const code = e[1] === 'x' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1));
    // Not a character (past U+10FFFF): kept as written rather than failing the file.
    return code <= 0x10ffff ? String.fromCodePoint(code) : m;
  });
}

const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;

/**
 * Calls `each` for every `<tag ...>body</tag>` (and `<tag .../>`, body null) in `xml`, in order,
 * with the text of its attributes. It scans with indexOf and never looks at a character twice:
 * a regex with a lazy body is retried at every unclosed tag, which makes a small hostile sheet
 * (a million `<row>` without `</row>`) take hours. Elements are not nested in themselves in the
 * parts read here, so the first closing tag ends the element. An unclosed element ends the scan.
 */
function forEachElement(
  xml: string,
  tag: string,
  each: (attrs: string, body: string | null) => void,
): void {
  const open = `<${tag}`;
  const close = `</${tag}>`;
  let i = xml.indexOf(open);
  while (i >= 0) {
    const after = xml.charCodeAt(i + open.length);
    // The name ends there (`<c` must not match `<col`): at `>`, `/` or white space.
    if (after !== 62 && after !== 47 && !isSpace(after)) {
      i = xml.indexOf(open, i + open.length);
      continue;
    }
    const end = xml.indexOf('>', i);
    if (end < 0) return;
    if (xml.charCodeAt(end - 1) === 47) {
      each(xml.slice(i + open.length, end - 1), null);
      i = xml.indexOf(open, end + 1);
      continue;
    }
    const stop = xml.indexOf(close, end + 1);
    if (stop < 0) return;
    each(xml.slice(i + open.length, end), xml.slice(end + 1, stop));
    i = xml.indexOf(open, stop + close.length);
  }
}

/** The value of attribute `name` (double-quoted) in the attribute text of an element. */
function attribute(attrs: string, name: string): string | undefined {
  const key = `${name}="`;
  for (let at = attrs.indexOf(key); at >= 0; at = attrs.indexOf(key, at + 1)) {
    // A whole name: `id` must not match the end of `r:id`.
    if (at > 0 && !isSpace(attrs.charCodeAt(at - 1))) continue;
    const start = at + key.length;
    const stop = attrs.indexOf('"', start);
    return stop < 0 ? undefined : attrs.slice(start, stop);
  }
  return undefined;
}

/** The text of `<t>` elements of a string item, leaving out phonetic runs (`<rPh>`). */
function itemText(xml: string): string {
  let clean = xml;
  if (xml.includes('<rPh')) {
    clean = '';
    let from = 0;
    for (let i = xml.indexOf('<rPh', from); i >= 0; i = xml.indexOf('<rPh', from)) {
      const stop = xml.indexOf('</rPh>', i);
      if (stop < 0) break;
      clean += xml.slice(from, i);
      from = stop + '</rPh>'.length;
    }
    clean += xml.slice(from);
  }
  let out = '';
  forEachElement(clean, 't', (_attrs, body) => {
    out += body ?? '';
  });
  // Excel escapes control characters as _xHHHH_.
  return decodeXml(out).replace(/_x([0-9A-Fa-f]{4})_/g, (_m, h: string) =>
    String.fromCharCode(Number.parseInt(h, 16)),
  );
}

function sharedStrings(xml: string | null): string[] {
  if (!xml) return [];
  const out: string[] = [];
  forEachElement(xml, 'si', (_attrs, body) => out.push(body ? itemText(body) : ''));
  return out;
}

function firstSheetPath(entries: Map<string, ZipEntry>, zip: Inflater): string {
  const workbook = zip.read('xl/workbook.xml');
  const rels = zip.read('xl/_rels/workbook.xml.rels');
  let id: string | undefined;
  if (workbook)
    forEachElement(workbook, 'sheet', (attrs) => {
      id ??= attribute(attrs, 'r:id') ?? attribute(attrs, 'id');
    });
  let target: string | undefined;
  if (id !== undefined && rels)
    forEachElement(rels, 'Relationship', (attrs) => {
      if (target === undefined && attribute(attrs, 'Id') === id)
        target = attribute(attrs, 'Target');
    });
  if (target) return target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//, '')}`;
  const fallback = [...entries.keys()]
    .filter((n) => /^xl\/worksheets\/[^/]+\.xml$/.test(n))
    .sort()[0];
  if (!fallback) throw new XlsxFormatError('the workbook has no worksheet');
  return fallback;
}

/** Column index (0-based) of a cell reference such as `AB12`. */
function columnOf(ref: string): number {
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return n - 1;
}

export interface XlsxRow {
  /** Row number as the spreadsheet shows it (1-based). */
  row: number;
  cells: string[];
}

/** Columns of a worksheet: A to XFD, as in Excel. */
export const MAX_COLUMNS = 16_384;

/** The shared strings and the first sheet's XML, inflated within `maxInflatedBytes`. */
function readParts(buf: Buffer, maxInflatedBytes: number): { strings: string[]; sheet: string } {
  try {
    const entries = zipEntries(buf);
    const zip = new Inflater(buf, entries, maxInflatedBytes);
    const strings = sharedStrings(zip.read('xl/sharedStrings.xml'));
    const sheet = zip.read(firstSheetPath(entries, zip));
    if (sheet === null)
      throw new XlsxFormatError('the first worksheet is missing from the archive');
    return { strings, sheet };
  } catch (error) {
    // A size or offset that points past the end of the file.
    if ((error as { code?: string }).code === 'ERR_OUT_OF_RANGE')
      throw new XlsxFormatError('damaged ZIP archive (a record points past the end of the file)');
    throw error;
  }
}

/**
 * Calls `onRow` for each non-empty row of the first worksheet, in order. Throws
 * `XlsxInflationLimit` when the parts it reads inflate to more than `maxInflatedBytes`.
 */
export function readFirstSheet(
  buf: Buffer,
  onRow: (row: XlsxRow) => void,
  maxInflatedBytes: number = constants.MAX_LENGTH,
): void {
  const { strings, sheet } = readParts(buf, maxInflatedBytes);
  let next = 1;
  forEachElement(sheet, 'row', (rowAttrs, body) => {
    const number = /^\d+$/.exec(attribute(rowAttrs, 'r') ?? '');
    const row = number ? Number(number[0]) : next;
    next = row + 1;
    if (!body) return;
    const cells: string[] = [];
    let column = 0;
    forEachElement(body, 'c', (attrs, inner) => {
      const ref = /^([A-Z]+)\d*$/.exec(attribute(attrs, 'r') ?? '');
      if (ref) column = columnOf(ref[1]!);
      const type = attribute(attrs, 't') ?? 'n';
      let text = '';
      if (type === 'inlineStr') {
        text = itemText(inner ?? '');
      } else if (inner) {
        const start = inner.indexOf('<v>');
        const stop = start < 0 ? -1 : inner.indexOf('</v>', start);
        if (stop >= 0) {
          const v = inner.slice(start + 3, stop);
          if (type === 's') text = strings[Number(v)] ?? '';
          else if (type === 'b') text = v === '1' ? 'TRUE' : 'FALSE';
          else if (type === 'e') text = '';
          else text = decodeXml(v);
        }
      }
      // A reference past XFD would make a sparse row of millions of blanks.
      if (column >= MAX_COLUMNS)
        throw new XlsxFormatError(`row ${row} has a cell beyond column XFD, the last one`);
      cells[column] = text;
      column++;
    });
    for (let i = 0; i < cells.length; i++) if (cells[i] === undefined) cells[i] = '';
    onRow({ row, cells });
  });
}
