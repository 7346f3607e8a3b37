import { describe, expect, it } from 'vitest';
import { compareVersions, latestVersion } from './semver.js';

describe('compareVersions', () => {
  it('orders numeric parts numerically, not as text', () => {
    expect(['1.10', '1.9', '1.2.3', '2.0', '1.0'].sort(compareVersions)).toEqual([
      '1.0',
      '1.2.3',
      '1.9',
      '1.10',
      '2.0',
    ]);
  });
  it('puts a pre-release below its release', () => {
    expect(compareVersions('2.0.0-rc.1', '2.0.0')).toBe(-1);
    expect(compareVersions('2.0.0-rc.2', '2.0.0-rc.10')).toBe(-1);
    expect(compareVersions('v3.1', '3.1')).toBe(0);
  });
  it('picks the highest version as latest', () => {
    expect(latestVersion(['1.9', '1.10', '1.10-beta'])).toBe('1.10');
    expect(latestVersion([])).toBeNull();
  });
});
