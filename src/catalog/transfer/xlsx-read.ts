import { inflateRawSync } from 'node:zlib';

/**
 * A small, fast reader for the first worksheet of an XLSX file: the ZIP central directory,
 * the shared strings and the sheet's cells as text. It reads a 100,000-row sheet several times
 * faster than a general XML parser; files it does not understand (ZIP64, encryption) make it
 * throw `XlsxFormatError`, and the caller falls back to exceljs.
 */

export class XlsxFormatError extends Error {}

interface ZipEntry {
  method: number;
  compressedSize: number;
  offset: number;
}

function zipEntries(buf: Buffer): Map<string, ZipEntry> {
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
  let p = buf.readUInt32LE(eocd + 16);
  if (p === 0xffffffff) throw new XlsxFormatError('ZIP64 archives are not read here');
  const entries = new Map<string, ZipEntry>();
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(p) !== 0x02014b50)
      throw new XlsxFormatError('damaged ZIP central directory');
    const flags = buf.readUInt16LE(p + 8);
    if (flags & 1) throw new XlsxFormatError('encrypted XLSX files are not supported');
    const method = buf.readUInt16LE(p + 10);
    const compressedSize = buf.readUInt32LE(p + 20);
    const nameLength = buf.readUInt16LE(p + 28);
    const extraLength = buf.readUInt16LE(p + 30);
    const commentLength = buf.readUInt16LE(p + 32);
    const offset = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLength);
    entries.set(name, { method, compressedSize, offset });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function readEntry(buf: Buffer, entries: Map<string, ZipEntry>, name: string): string | null {
  const entry = entries.get(name);
  if (!entry) return null;
  const p = entry.offset;
  if (buf.readUInt32LE(p) !== 0x04034b50) throw new XlsxFormatError(`damaged ZIP entry ${name}`);
  const start = p + 30 + buf.readUInt16LE(p + 26) + buf.readUInt16LE(p + 28);
  const data = buf.subarray(start, start + entry.compressedSize);
  if (entry.method === 0) return data.toString('utf8');
  if (entry.method === 8) return inflateRawSync(data).toString('utf8');
  throw new XlsxFormatError(`ZIP compression method ${entry.method} is not supported`);
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function decodeXml(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_m, e: string) => {
    if (e[0] === '#')
      return String.fromCodePoint(
        e[1] === 'x' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1)),
      );
    return ENTITIES[e]!;
  });
}

/** The text of `<t>` elements of a string item, leaving out phonetic runs (`<rPh>`). */
function itemText(xml: string): string {
  const clean = xml.includes('<rPh') ? xml.replace(/<rPh\b[\s\S]*?<\/rPh>/g, '') : xml;
  let out = '';
  const re = /<t(?:\s[^>]*)?>([\s\S]*?)<\/t>|<t(?:\s[^>]*)?\/>/g;
  for (let m = re.exec(clean); m; m = re.exec(clean)) out += m[1] ?? '';
  // Excel escapes control characters as _xHHHH_.
  return decodeXml(out).replace(/_x([0-9A-Fa-f]{4})_/g, (_m, h: string) =>
    String.fromCharCode(Number.parseInt(h, 16)),
  );
}

function sharedStrings(xml: string | null): string[] {
  if (!xml) return [];
  const out: string[] = [];
  const re = /<si>([\s\S]*?)<\/si>|<si\/>/g;
  for (let m = re.exec(xml); m; m = re.exec(xml)) out.push(m[1] ? itemText(m[1]) : '');
  return out;
}

function firstSheetPath(entries: Map<string, ZipEntry>, buf: Buffer): string {
  const workbook = readEntry(buf, entries, 'xl/workbook.xml');
  const rels = readEntry(buf, entries, 'xl/_rels/workbook.xml.rels');
  const sheet = workbook
    ? (/<sheet\b[^>]*\br:id="([^"]+)"/.exec(workbook) ??
      /<sheet\b[^>]*\bid="([^"]+)"/.exec(workbook))
    : null;
  if (sheet && rels) {
    const rel = new RegExp(`<Relationship\\b[^>]*\\bId="${sheet[1]}"[^>]*>`).exec(rels);
    const target = rel ? /\bTarget="([^"]+)"/.exec(rel[0]) : null;
    if (target) {
      const t = target[1]!;
      return t.startsWith('/') ? t.slice(1) : `xl/${t.replace(/^\.\//, '')}`;
    }
  }
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

/** Calls `onRow` for each non-empty row of the first worksheet, in order. */
export function readFirstSheet(buf: Buffer, onRow: (row: XlsxRow) => void): void {
  const entries = zipEntries(buf);
  const strings = sharedStrings(readEntry(buf, entries, 'xl/sharedStrings.xml'));
  const sheet = readEntry(buf, entries, firstSheetPath(entries, buf));
  if (sheet === null) throw new XlsxFormatError('the first worksheet is missing from the archive');
  const rowRe = /<row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/row>)/g;
  const cellRe = /<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g;
  let next = 1;
  for (let m = rowRe.exec(sheet); m; m = rowRe.exec(sheet)) {
    const number = /\br="(\d+)"/.exec(m[1]!);
    const row = number ? Number(number[1]) : next;
    next = row + 1;
    const body = m[2];
    if (!body) continue;
    const cells: string[] = [];
    let column = 0;
    cellRe.lastIndex = 0;
    for (let c = cellRe.exec(body); c; c = cellRe.exec(body)) {
      const attrs = c[1]!;
      const ref = /\br="([A-Z]+)\d*"/.exec(attrs);
      if (ref) column = columnOf(ref[1]!);
      const type = /\bt="([a-zA-Z]+)"/.exec(attrs)?.[1] ?? 'n';
      const inner = c[2] ?? '';
      let text = '';
      if (type === 'inlineStr') {
        text = itemText(inner);
      } else {
        const v = /<v>([\s\S]*?)<\/v>/.exec(inner)?.[1];
        if (v !== undefined) {
          if (type === 's') text = strings[Number(v)] ?? '';
          else if (type === 'b') text = v === '1' ? 'TRUE' : 'FALSE';
          else if (type === 'e') text = '';
          else text = decodeXml(v);
        }
      }
      cells[column] = text;
      column++;
    }
    for (let i = 0; i < cells.length; i++) if (cells[i] === undefined) cells[i] = '';
    onRow({ row, cells });
  }
}
