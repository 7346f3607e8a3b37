import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, parseCsv, writeCsv } from './csv.js';

const fields = (text: string) => parseCsv(text).map((r) => r.fields);

describe('parseCsv', () => {
  it('reads plain and quoted fields with CRLF or LF', () => {
    expect(fields('a,b,c\r\n1,"two, 2",3\n')).toEqual([
      ['a', 'b', 'c'],
      ['1', 'two, 2', '3'],
    ]);
  });

  it('reads doubled quotes and line breaks inside quotes, numbering records by their first line', () => {
    const records = parseCsv('h1,h2\n"say ""hi""","line1\nline2"\nx,y\n');
    expect(records.map((r) => r.fields)).toEqual([
      ['h1', 'h2'],
      ['say "hi"', 'line1\nline2'],
      ['x', 'y'],
    ]);
    expect(records.map((r) => r.line)).toEqual([1, 2, 4]);
  });

  it('keeps empty fields and skips blank lines', () => {
    expect(fields('a,,c\n\n,,\n')).toEqual([
      ['a', '', 'c'],
      ['', '', ''],
    ]);
  });

  it('reads a last record without a line break, and a BOM', () => {
    expect(fields('\ufeffa,b\n1,2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('switches to semicolons when the header has no commas', () => {
    expect(fields('a;b\n1;"x;y"\n')).toEqual([
      ['a', 'b'],
      ['1', 'x;y'],
    ]);
  });

  it('names the line of an unclosed quote', () => {
    expect(() => parseCsv('a,b\n1,2\n3,"open\n')).toThrow(CsvSyntaxError);
    expect(() => parseCsv('a,b\n1,2\n3,"open\n')).toThrow(/line 3/);
  });

  it('refuses text after a closing quote', () => {
    expect(() => parseCsv('a\n"x"y\n')).toThrow(/line 2: unexpected "y"/);
  });
});

describe('writeCsv', () => {
  it('quotes only what needs it and round-trips', () => {
    const rows = [
      ['Name', 'Description'],
      ['a', 'plain'],
      ['b', 'with, comma'],
      ['c', 'with "quotes"'],
      ['d', 'two\nlines'],
      ['e', ' padded '],
      ['f', ''],
    ];
    const text = writeCsv(rows);
    expect(text.startsWith('Name,Description\r\na,plain\r\nb,"with, comma"\r\n')).toBe(true);
    expect(fields(text)).toEqual(rows);
  });
});
