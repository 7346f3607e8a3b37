import { describe, expect, it } from 'vitest';
import { compareText, isNumericText, toNumber, toText } from './values.js';

describe('values', () => {
  it('recognises the numeric text of the grammar and nothing more', () => {
    for (const text of ['0', '-1', '007', '1.50', '1512629517.03121'])
      expect(isNumericText(text)).toBe(true);
    for (const text of [
      '',
      '-',
      '1.',
      '.5',
      '+1',
      '1e3',
      ' 1',
      '1 ',
      '0x10',
      'NaN',
      '1'.repeat(301),
    ]) {
      expect(isNumericText(text), text).toBe(false);
    }
  });

  it('orders text by code point, not by UTF-16 unit', () => {
    const sorted = ['😀', 'ﬀ', 'b', 'B', '', 'a', 'ab', 'é'].sort(compareText);
    expect(sorted).toEqual(['', 'B', 'a', 'ab', 'b', 'é', 'ﬀ', '😀']);
  });

  it('normalises values to text or number, or to missing', () => {
    expect([
      toText('x'),
      toText(12.5),
      toText(true),
      toText(null),
      toText({}),
      toText(Number.NaN),
    ]).toEqual(['x', '12.5', 'true', null, null, null]);
    expect([
      toNumber(3),
      toNumber('3.5'),
      toNumber('x'),
      toNumber(Number.NaN),
      toNumber(undefined),
    ]).toEqual([3, 3.5, null, null, null]);
  });
});
