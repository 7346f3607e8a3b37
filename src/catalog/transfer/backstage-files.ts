import type { Dirent } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { FieldProblem } from '../../platform/errors.js';
import { invalidInput } from './errors.js';
import { asText, checkSize } from './input.js';

export interface BackstageFile {
  /** Shown in problems and the report: a path relative to the imported folder, or "upload". */
  path: string;
  text: string;
}

/** Every *.yaml and *.yml below a folder, sorted. */
async function yamlFilesBelow(dir: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (at: string) => {
    for (const entry of await readdir(at, { withFileTypes: true })) {
      const full = join(at, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) await walk(full);
      } else if (/\.ya?ml$/i.test(entry.name)) {
        found.push(full);
      }
    }
  };
  await walk(dir);
  return found.sort();
}

/** The targets of the Location entities of a file: `spec.target` and `spec.targets`. */
function locationTargets(text: string): string[] {
  const targets: string[] = [];
  for (const doc of parseAllDocuments(text) as ReturnType<typeof parseAllDocuments> & unknown[]) {
    if (doc.errors.length > 0) continue; // reported with the file's other problems when parsed
    const value = doc.toJS() as { kind?: unknown; spec?: { target?: unknown; targets?: unknown } };
    if (value?.kind !== 'Location') continue;
    const spec = value.spec ?? {};
    if (typeof spec.target === 'string') targets.push(spec.target);
    if (Array.isArray(spec.targets))
      for (const t of spec.targets) if (typeof t === 'string') targets.push(t);
  }
  return targets;
}

const GLOB = /[*?]/;

const entriesOf = (dir: string): Promise<Dirent[]> =>
  readdir(dir, { withFileTypes: true }).catch(() => []);

const isFile = async (path: string) => (await stat(path).catch(() => null))?.isFile() === true;

/** One segment of a glob as a regular expression: `*` any run of characters, `?` one. */
function segmentPattern(segment: string): RegExp {
  const body = segment
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

/**
 * The files a Location target names beside `dir`: the one file, or every file a glob matches,
 * sorted, as Backstage's file locations take them: `*` and `?` within a path segment, `**` for
 * any depth of folders (not hidden ones, not node_modules).
 */
async function targetFiles(dir: string, target: string): Promise<string[]> {
  if (!GLOB.test(target)) {
    const full = resolve(dir, target);
    return (await isFile(full)) ? [full] : [];
  }
  const found = new Set<string>();
  const walk = async (at: string, rest: string[]): Promise<void> => {
    const [head, ...tail] = rest;
    if (head === undefined) {
      if (await isFile(at)) found.add(at);
    } else if (head === '**') {
      await walk(at, tail);
      for (const entry of await entriesOf(at))
        if (entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'node_modules')
          await walk(join(at, entry.name), rest);
    } else if (!GLOB.test(head)) {
      await walk(resolve(at, head), tail);
    } else {
      const pattern = segmentPattern(head);
      for (const entry of await entriesOf(at))
        if (pattern.test(entry.name)) await walk(join(at, entry.name), tail);
    }
  };
  await walk(
    dir,
    target.split('/').filter((s) => s !== '' && s !== '.'),
  );
  return [...found].sort();
}

/**
 * The YAML files of a path: the file itself, or every *.yaml and *.yml below a folder; and the
 * files their Location entities point at (`spec.target`, `spec.targets`), followed relative to
 * the file that holds the Location, as Backstage does (globs included), and their Locations in
 * turn. A target that is a URL is not fetched; a target that names or matches no file is a
 * problem naming the Location's file.
 */
export async function readBackstagePath(path: string, maxBytes?: number): Promise<BackstageFile[]> {
  const info = await stat(path);
  const root = info.isDirectory() ? path : dirname(path);
  const queue = info.isDirectory() ? await yamlFilesBelow(path) : [resolve(path)];
  const seen = new Set(queue.map((f) => resolve(f)));
  const files: BackstageFile[] = [];
  const problems: FieldProblem[] = [];
  let total = 0;
  while (queue.length > 0) {
    const file = queue.shift()!;
    const buffer = await readFile(file);
    total += buffer.length;
    checkSize(total, maxBytes);
    const text = asText(buffer);
    const shown = relative(root, file) || file;
    files.push({ path: shown, text });
    for (const target of locationTargets(text)) {
      // A URL is not fetched: the import report names it (see mapBackstage).
      if (/^[a-z][a-z0-9+.-]*:\/\//i.test(target)) continue;
      const matches = await targetFiles(dirname(file), target);
      if (matches.length === 0)
        problems.push({
          field: `${shown} spec.target`,
          reason: GLOB.test(target)
            ? `no file matches ${target} beside ${shown}`
            : `no file ${target} beside ${shown}`,
        });
      for (const full of matches) {
        if (seen.has(full)) continue;
        seen.add(full);
        queue.push(full);
      }
    }
  }
  if (problems.length > 0) throw invalidInput(problems);
  return files;
}
