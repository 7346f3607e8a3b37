import { describe, expect, it } from 'vitest';
import { BackstageRadar, fromBackstage } from './backstage.js';
import { fromZalando, ZalandoRadar } from './zalando.js';

const now = new Date('2026-06-01T00:00:00Z');
const zalando = (entries: unknown[]) =>
  ZalandoRadar.parse({
    quadrants: [{ name: 'Languages' }, { name: 'Infrastructure' }],
    rings: [
      { name: 'ADOPT', color: '#5ba300' },
      { name: 'TRIAL', color: '#009eb0' },
      { name: 'HOLD', color: '#e09b96' },
    ],
    entries,
  });

describe('Zalando config.json', () => {
  it('names the entry and the field of an unknown ring or quadrant index', () => {
    const { problems } = fromZalando(
      zalando([
        { label: 'Go', quadrant: 0, ring: 0, moved: 0 },
        { label: 'Kafka', quadrant: 1, ring: 7, moved: 0 },
        { label: 'Perl', quadrant: 4, ring: 2, moved: 0 },
      ]),
      { currentRing: new Map(), now },
    );
    expect(problems).toEqual([
      {
        field: 'entries[1].ring',
        reason: 'entry "Kafka": no ring 7 (the file has 3, counted from 0)',
      },
      {
        field: 'entries[2].quadrant',
        reason: 'entry "Perl": no quadrant 4 (the file has 2, counted from 0)',
      },
    ]);
  });

  it('dates points so that Argus derives the move the file says', () => {
    const { content } = fromZalando(
      zalando([
        { label: 'Go', quadrant: 0, ring: 0, moved: 0 },
        { label: 'Rust', quadrant: 0, ring: 1, moved: 2 },
        { label: 'Kotlin', quadrant: 0, ring: 0, moved: 1 },
        { label: 'Perl', quadrant: 0, ring: 2, moved: -1 },
        { label: 'Java', quadrant: 0, ring: 0, moved: 1 },
      ]),
      { currentRing: new Map([['java', 'ADOPT']]), now, newDays: 90 },
    );
    const history = Object.fromEntries(
      content.entries.map((e) => [e.label, e.history?.map((h) => [h.ring, h.date.slice(0, 10)])]),
    );
    expect(history).toEqual({
      Go: [['ADOPT', '2026-03-02']],
      Rust: [['TRIAL', '2026-06-01']],
      Kotlin: [
        ['TRIAL', '2026-03-02'],
        ['ADOPT', '2026-06-01'],
      ],
      Perl: [
        ['TRIAL', '2026-03-02'],
        ['HOLD', '2026-06-01'],
      ],
      // Already on that ring in Argus: nothing to add.
      Java: [],
    });
  });

  it('refuses a link that is not http, https or mailto', () => {
    const { problems } = fromZalando(
      zalando([{ label: 'Go', quadrant: 0, ring: 0, link: 'javascript:alert(1)' }]),
      { currentRing: new Map(), now },
    );
    expect(problems.map((p) => p.field)).toEqual(['entries[0].link']);
  });
});

describe('Backstage tech radar JSON', () => {
  const file = (ringId: string) =>
    BackstageRadar.parse({
      quadrants: [{ id: 'languages', name: 'Languages' }],
      rings: [
        { id: 'adopt', name: 'ADOPT', color: '#5ba300' },
        { id: 'hold', name: 'HOLD', color: '#e09b96' },
      ],
      entries: [
        {
          key: 'go',
          id: 'go',
          quadrant: 'languages',
          title: 'Go',
          url: '#',
          timeline: [
            { moved: 1, ringId, date: '2024-02-01T00:00:00.000Z', description: 'Default now' },
            { moved: 0, ringId: 'hold', date: '2020-01-01', description: '' },
          ],
        },
      ],
    });

  it('reads every timeline point, `#` as no link', () => {
    const { content, problems } = fromBackstage(file('adopt'));
    expect(problems).toEqual([]);
    expect(content.entries[0]).toMatchObject({
      label: 'Go',
      quadrant: 'Languages',
      link: '',
      history: [
        { ring: 'ADOPT', date: '2024-02-01T00:00:00.000Z', note: 'Default now' },
        { ring: 'HOLD', date: '2020-01-01T00:00:00.000Z', note: '' },
      ],
    });
  });

  it('names the entry and the point of an unknown ring id', () => {
    const { problems } = fromBackstage(file('trial'));
    expect(problems).toEqual([
      {
        field: 'entries[0].timeline[0].ringId',
        reason: 'entry "Go": no ring with id "trial" in rings',
      },
    ]);
  });
});
