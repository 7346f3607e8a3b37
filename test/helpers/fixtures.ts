import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The real data files of the systems Argus replaces live beside the repository, in
 * ../shared/fixtures, and are used as they are, never copied in. A clone elsewhere (CI clones
 * into a temporary folder) finds them at the workplace's /work/shared; ARGUS_FIXTURES points
 * anywhere else.
 */
const root = [
  process.env.ARGUS_FIXTURES,
  resolve(import.meta.dirname, '../../../shared/fixtures'),
  '/work/shared/fixtures',
].find((dir): dir is string => dir !== undefined && existsSync(dir));

/** The path of a fixture file, e.g. fixturePath('panopticum', 'demo.json'). */
export function fixturePath(...parts: string[]): string {
  if (!root) {
    throw new Error(
      'the shared fixtures are missing: set ARGUS_FIXTURES to the folder holding panopticum/ and panoptes/',
    );
  }
  return join(root, ...parts);
}
