/**
 * CSV as RFC 4180 has it: fields separated by commas, records by CRLF (LF alone is accepted),
 * a field with a comma, a quote or a line break in double quotes, a quote inside doubled.
 * Excel in some locales writes semicolons: a header line with semicolons and no commas
 * switches the separator.
 */

export interface CsvRecord {
  /** Line of the file where the record starts (1-based): the row number a user sees. */
  line: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
  }
}

function detectSeparator(text: string): string {
  const end = text.search(/\r?\n/);
  const header = end < 0 ? text : text.slice(0, end);
  return !header.includes(',') && header.includes(';') ? ';' : ',';
}

export interface CsvOptions {
  /** `,` or `;`; by default the header line decides. */
  separator?: string;
  /** Called before each field is kept, with the line its record starts on: it may throw to stop. */
  onField?: (line: number) => void;
}

export function parseCsv(input: string, options: CsvOptions = {}): CsvRecord[] {
  const separator = options.separator ?? detectSeparator(input);
  const onField = options.onField;
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const records: CsvRecord[] = [];
  const sep = separator.charCodeAt(0);
  let fields: string[] = [];
  let line = 1;
  let recordLine = 1;
  let i = 0;
  const n = text.length;
  while (i <= n) {
    // One field per iteration.
    onField?.(recordLine);
    if (i < n && text.charCodeAt(i) === 34) {
      const startLine = line;
      let value = '';
      let j = i + 1;
      for (;;) {
        const q = text.indexOf('"', j);
        if (q < 0) throw new CsvSyntaxError(startLine, 'a quoted field is not closed (missing ")');
        const chunk = text.slice(j, q);
        for (let k = 0; k < chunk.length; k++) if (chunk.charCodeAt(k) === 10) line++;
        value += chunk;
        if (text.charCodeAt(q + 1) === 34) {
          value += '"';
          j = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      fields.push(value);
      const c = i < n ? text.charCodeAt(i) : -1;
      if (c !== -1 && c !== sep && c !== 10 && c !== 13) {
        throw new CsvSyntaxError(
          line,
          `unexpected ${JSON.stringify(text[i])} after a closing quote (a quote inside a field must be doubled)`,
        );
      }
    } else {
      let j = i;
      while (j < n) {
        const c = text.charCodeAt(j);
        if (c === sep || c === 10 || c === 13) break;
        j++;
      }
      fields.push(text.slice(i, j));
      i = j;
    }
    const c = i < n ? text.charCodeAt(i) : -1;
    if (c === sep) {
      i++;
      continue;
    }
    // End of record: CRLF, LF, CR or end of input.
    records.push({ line: recordLine, fields });
    fields = [];
    if (c === 13 && text.charCodeAt(i + 1) === 10) i += 2;
    else i++;
    line++;
    recordLine = line;
    if (i >= n) break;
  }
  // A final line break does not start another record; neither do blank lines.
  return records.filter((r) => !(r.fields.length === 1 && r.fields[0] === ''));
}

function quote(field: string): string {
  return /[",\r\n]/.test(field) || /^\s|\s$/.test(field)
    ? `"${field.replaceAll('"', '""')}"`
    : field;
}

export function writeCsv(rows: string[][]): string {
  return rows.map((row) => `${row.map(quote).join(',')}\r\n`).join('');
}
