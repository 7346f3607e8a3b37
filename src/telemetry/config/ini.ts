/**
 * The ini dialect of Panoptes' `.panoptes-plugin` files, as Python's configparser reads them:
 * `[section]` headers, `key = value` or `key: value`, keys case-insensitive (kept lower case),
 * whole-line comments starting with `#` or `;`, and indented lines continuing the value above.
 * Each value keeps its line number, so an error can point at it.
 */

export interface IniValue {
  value: string;
  line: number;
}
export type IniSections = Map<string, Map<string, IniValue>>;

export class IniSyntaxError extends Error {
  constructor(
    readonly line: number,
    readonly reason: string,
  ) {
    super(`line ${line}: ${reason}`);
  }
}

export function parseIni(text: string): IniSections {
  const sections: IniSections = new Map();
  let current: Map<string, IniValue> | null = null;
  let last: IniValue | null = null;
  const lines = text.split(/\r?\n/);
  for (const [index, raw] of lines.entries()) {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(';')) {
      // A blank line ends a continued value, as in configparser.
      if (trimmed === '') last = null;
      continue;
    }
    if (/^\s/.test(raw) && last) {
      last.value = `${last.value}\n${trimmed}`;
      continue;
    }
    const header = /^\[([^\]]+)\]$/.exec(trimmed);
    if (header) {
      const name = header[1]!.trim();
      if (sections.has(name)) throw new IniSyntaxError(line, `section [${name}] appears twice`);
      current = new Map();
      sections.set(name, current);
      last = null;
      continue;
    }
    const pair = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(trimmed);
    if (!pair)
      throw new IniSyntaxError(line, `expected "key = value" or a [section], got "${trimmed}"`);
    if (!current) throw new IniSyntaxError(line, 'a key before the first [section]');
    const key = pair[1]!.toLowerCase();
    if (current.has(key))
      throw new IniSyntaxError(line, `key "${key}" appears twice in its section`);
    last = { value: pair[2]!, line };
    current.set(key, last);
  }
  return sections;
}
