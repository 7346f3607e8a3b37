import { describe, expect, it } from 'vitest';
import { MarkerSplitter, newMarkers, shellQuote } from './markers.js';
import { maskSecrets } from './secrets.js';

describe('MarkerSplitter', () => {
  it('splits lines and markers across chunk boundaries, UTF-8 included', () => {
    const markers = newMarkers();
    const splitter = new MarkerSplitter(markers);
    const text = `héllo\nlast without newline${markers.prefix}E 2 7\nafter\n`;
    const bytes = Buffer.from(text);
    const events = [];
    // One byte at a time: every boundary, including inside é and inside the marker.
    for (let i = 0; i < bytes.length; i++) events.push(...splitter.push(bytes.subarray(i, i + 1)));
    expect(events).toEqual([
      { kind: 'line', line: 'héllo' },
      { kind: 'line', line: 'last without newline' },
      { kind: 'end', step: 2, code: 7 },
      { kind: 'line', line: 'after' },
    ]);
  });

  it('does not take another session token for a marker', () => {
    const splitter = new MarkerSplitter(newMarkers());
    const forged = `${newMarkers().prefix}E 0 0\n`;
    expect(splitter.push(Buffer.from(forged))).toEqual([{ kind: 'line', line: forged.trim() }]);
  });

  it('cuts a runaway line without losing a marker after it', () => {
    const markers = newMarkers();
    const splitter = new MarkerSplitter(markers);
    const events = splitter.push(Buffer.from('x'.repeat(40_000)));
    events.push(...splitter.push(Buffer.from(`${markers.prefix}E 0 0\n`)));
    expect(
      events
        .filter((e) => e.kind === 'line')
        .map((e) => (e.kind === 'line' ? e.line : ''))
        .join(''),
    ).toBe('x'.repeat(40_000));
    expect(events.at(-1)).toEqual({ kind: 'end', step: 0, code: 0 });
  });
});

it('shellQuote keeps single quotes', () => {
  expect(shellQuote(`it's`)).toBe(`'it'\\''s'`);
});

it('maskSecrets masks every occurrence, longest value first', () => {
  expect(maskSecrets('a=abc b=abcdef', ['abc', 'abcdef'])).toBe('a=*** b=***');
});
