import { describe, expect, it } from 'vitest';
import { touchesRadar } from './radar.js';

describe('which changes refresh an open radar', () => {
  it("takes the radar's own events and the catalog's that change who uses an entry", () => {
    for (const type of [
      'radar_entry',
      'radar_ring',
      'radar_quadrant',
      'component',
      'reference.languages',
    ])
      expect(touchesRadar({ type }), type).toBe(true);
    for (const type of ['person', 'team', 'import', 'requirement_status'])
      expect(touchesRadar({ type }), type).toBe(false);
  });
});
