import { createDeflateRaw, deflateRawSync } from 'node:zlib';

/**
 * XLSX (ZIP) archives built byte by byte, for what a reader must refuse or still read: an entry
 * that inflates to far more than it takes in the file (a ZIP bomb), ZIP64 records. CRCs are left
 * 0: the Argus reader does not check them.
 */

export interface ZipPart {
  name: string;
  /** Raw deflate data of the entry. */
  deflated: Buffer;
  /** Inflated size the archive declares (a bomb may lie). */
  size: number;
}

export function part(name: string, text: string): ZipPart {
  const data = Buffer.from(text);
  return { name, deflated: deflateRawSync(data), size: data.length };
}

/**
 * An entry of `head`, then `times` copies of `chunk`, then `tail`, deflated as a stream so the
 * inflated bytes never sit in memory here.
 */
export async function repeatedPart(
  name: string,
  head: string,
  chunk: string,
  times: number,
  tail: string,
): Promise<ZipPart> {
  const deflate = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (b: Buffer) => out.push(b));
  const done = new Promise((resolve, reject) => {
    deflate.on('end', resolve);
    deflate.on('error', reject);
  });
  const block = Buffer.from(chunk);
  const write = (b: Buffer) =>
    new Promise<void>((resolve) => (deflate.write(b) ? resolve() : deflate.once('drain', resolve)));
  await write(Buffer.from(head));
  for (let i = 0; i < times; i++) await write(block);
  deflate.end(Buffer.from(tail));
  await done;
  const size = Buffer.byteLength(head) + block.length * times + Buffer.byteLength(tail);
  return { name, deflated: Buffer.concat(out), size: Math.min(size, 0xfffffffe) };
}

/** A ZIP archive of deflated parts; `zip64` writes ZIP64 sizes, offsets and directory end. */
export function zipArchive(parts: ZipPart[], options: { zip64?: boolean } = {}): Buffer {
  const zip64 = options.zip64 === true;
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const name = Buffer.from(p.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(p.deflated.length, 18);
    local.writeUInt32LE(p.size, 22);
    local.writeUInt16LE(name.length, 26);
    chunks.push(local, name, p.deflated);

    const extra = Buffer.alloc(zip64 ? 28 : 0);
    if (zip64) {
      extra.writeUInt16LE(0x0001, 0);
      extra.writeUInt16LE(24, 2);
      extra.writeBigUInt64LE(BigInt(p.size), 4);
      extra.writeBigUInt64LE(BigInt(p.deflated.length), 12);
      extra.writeBigUInt64LE(BigInt(offset), 20);
    }
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(45, 4);
    entry.writeUInt16LE(45, 6);
    entry.writeUInt16LE(8, 10);
    entry.writeUInt32LE(zip64 ? 0xffffffff : p.deflated.length, 20);
    entry.writeUInt32LE(zip64 ? 0xffffffff : p.size, 24);
    entry.writeUInt16LE(name.length, 28);
    entry.writeUInt16LE(extra.length, 30);
    entry.writeUInt32LE(zip64 ? 0xffffffff : offset, 42);
    central.push(entry, name, extra);
    offset += local.length + name.length + p.deflated.length;
  }
  const directory = Buffer.concat(central);
  const ends: Buffer[] = [];
  if (zip64) {
    const record = Buffer.alloc(56);
    record.writeUInt32LE(0x06064b50, 0);
    record.writeBigUInt64LE(44n, 4);
    record.writeUInt16LE(45, 12);
    record.writeUInt16LE(45, 14);
    record.writeBigUInt64LE(BigInt(parts.length), 24);
    record.writeBigUInt64LE(BigInt(parts.length), 32);
    record.writeBigUInt64LE(BigInt(directory.length), 40);
    record.writeBigUInt64LE(BigInt(offset), 48);
    const locator = Buffer.alloc(20);
    locator.writeUInt32LE(0x07064b50, 0);
    locator.writeBigUInt64LE(BigInt(offset + directory.length), 8);
    locator.writeUInt32LE(1, 16);
    ends.push(record, locator);
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(zip64 ? 0xffff : parts.length, 8);
  end.writeUInt16LE(zip64 ? 0xffff : parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(zip64 ? 0xffffffff : offset, 16);
  return Buffer.concat([...chunks, directory, ...ends, end]);
}

/** Sheet XML of rows of inline strings, as Argus writes it. */
export function sheetXml(rows: string[][]): string {
  const cell = (text: string) => `<c t="inlineStr"><is><t>${text}</t></is></c>`;
  const body = rows.map((r, i) => `<row r="${i + 1}">${r.map(cell).join('')}</row>`).join('');
  return `<?xml version="1.0" encoding="UTF-8"?><worksheet><sheetData>${body}</sheetData></worksheet>`;
}

/**
 * An XLSX file whose sheet is a header row, then `megabytes` MB of blank space: a few hundred KB
 * on disk that inflate to as much as asked.
 */
export async function xlsxBomb(megabytes: number): Promise<Buffer> {
  const open = sheetXml([['Name']]).replace('</sheetData></worksheet>', '');
  const sheet = await repeatedPart(
    'xl/worksheets/sheet1.xml',
    open,
    ' '.repeat(1024 * 1024),
    megabytes,
    '</sheetData></worksheet>',
  );
  return zipArchive([sheet]);
}
