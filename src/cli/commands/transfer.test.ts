import { describe, expect, it } from 'vitest';
import { formatReport } from './transfer.js';

describe('the CLI import report', () => {
  it('lists every skipped and changed record with its reason, then says what happened in words', () => {
    const text = formatReport({
      format: 'panopticum',
      source: 'demo.json',
      models: [
        { model: 'panopticum.componentversionmodel', read: 3, created: 2, updated: 0, skipped: 1 },
        { model: 'panopticum.requirementstatus', read: 4, created: 0, updated: 1, skipped: 3 },
      ],
      records: [
        {
          model: 'panopticum.componentversionmodel',
          record: '#7 "latest"',
          outcome: 'skipped',
          reason: 'version "latest" of billing is not a version: it must start with a number',
        },
        {
          model: 'panopticum.componentversionmodel',
          record: '#8 "2.0"',
          outcome: 'changed',
          reason: 'dev_raml "n/a" is not a link; left out',
        },
      ],
      warnings: ['the file names user 1 but does not hold it'],
      durationMs: 1250,
    });
    expect(text).toContain(
      'skipped:\n  - panopticum.componentversionmodel #7 "latest": version "latest" of billing is not a version: it must start with a number\n',
    );
    expect(text).toContain(
      'changed:\n  - panopticum.componentversionmodel #8 "2.0": dev_raml "n/a" is not a link; left out\n',
    );
    expect(text).toContain('notes:\n  - the file names user 1 but does not hold it\n');
    expect(text).toMatch(
      /imported demo\.json \(panopticum\): 7 records read: 2 created, 1 updated, 4 skipped, 1 changed on the way in, in 1\.3 s\n$/,
    );
  });
});
