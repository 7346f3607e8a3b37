import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readBackstagePath } from './backstage-files.js';

const component = (name: string) =>
  `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: ${name}\nspec:\n  type: service\n  lifecycle: production\n  owner: team-a\n`;

const location = (...targets: string[]) =>
  `apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata:\n  name: root\nspec:\n  targets:\n${targets.map((t) => `    - ${t}`).join('\n')}\n`;

let root: string;
function tree(files: Record<string, string>): string {
  root = mkdtempSync(join(tmpdir(), 'argus-backstage-files-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}
afterEach(() => rmSync(root, { recursive: true, force: true }));

const paths = async (file: string) => (await readBackstagePath(file)).map((f) => f.path);

describe('Backstage Location targets', () => {
  it('follows a glob in a segment and ** at any depth, relative to the Location file', async () => {
    const dir = tree({
      'catalog/all.yaml': location('../services/*/catalog-info.yaml', '../libs/**/lib-?.yaml'),
      'services/a/catalog-info.yaml': component('a'),
      'services/b/catalog-info.yaml': component('b'),
      'services/b/other.yaml': component('not-named'),
      'libs/lib-1.yaml': component('lib-1'),
      'libs/deep/er/lib-2.yaml': component('lib-2'),
      'libs/.hidden/lib-3.yaml': component('lib-3'),
      'libs/lib-10.yaml': component('lib-10'),
    });
    expect(await paths(join(dir, 'catalog/all.yaml'))).toEqual([
      'all.yaml',
      '../services/a/catalog-info.yaml',
      '../services/b/catalog-info.yaml',
      '../libs/deep/er/lib-2.yaml',
      '../libs/lib-1.yaml',
    ]);
  });

  it('names a glob that matches nothing, and a missing file, as problems of the Location', async () => {
    const dir = tree({ 'all.yaml': location('./services/*/catalog-info.yaml', './gone.yaml') });
    await expect(readBackstagePath(join(dir, 'all.yaml'))).rejects.toMatchObject({
      problems: [
        {
          field: 'all.yaml spec.target',
          reason: 'no file matches ./services/*/catalog-info.yaml beside all.yaml',
        },
        { field: 'all.yaml spec.target', reason: 'no file ./gone.yaml beside all.yaml' },
      ],
    });
  });
});
