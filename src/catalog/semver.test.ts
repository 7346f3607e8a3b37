import { describe, expect, it } from 'vitest';
import { compareVersions, latestVersion, versionProblem } from './semver.js';

/** Shuffles deterministically, so a sort has to do the work the table expects. */
function shuffled<T>(items: T[]): T[] {
  return items
    .map((item, i) => ({ item, key: (i * 7919) % 104729 }))
    .sort((a, b) => b.key - a.key)
    .map((x) => x.item);
}

/** Release histories of real projects, oldest first, spelled as those projects spell them. */
const HISTORIES: Record<string, string[]> = {
  node: [
    'v0.10.48',
    'v0.12.18',
    'v4.9.1',
    'v10.24.1',
    'v18.19.0',
    'v20.9.0',
    'v20.11.1',
    'v21.0.0',
  ],
  kubernetes: [
    'v1.9.11',
    'v1.28.4',
    'v1.29.0-alpha.1',
    'v1.29.0-alpha.3',
    'v1.29.0-beta.0',
    'v1.29.0-rc.0',
    'v1.29.0-rc.2',
    'v1.29.0',
    'v1.29.1',
  ],
  postgres: ['9.6.24', '10.23', '15.4', '16beta1', '16beta3', '16rc1', '16.0', '16.1'],
  semver: [
    '1.0.0-alpha',
    '1.0.0-alpha.1',
    '1.0.0-alpha.beta',
    '1.0.0-beta',
    '1.0.0-beta.2',
    '1.0.0-beta.11',
    '1.0.0-rc.1',
    '1.0.0',
    '2.0.0',
    '2.1.0',
    '2.1.1',
  ],
  ubuntu: ['14.04', '18.04.6', '20.04', '22.04', '22.04.3', '23.10', '24.04'],
  calverPip: ['9.0.3', '10.0.1', '18.1', '19.3.1', '20.0', '23.3.2', '24.0'],
  calverDates: ['2023-12-31', '2024-01-02', '2024-03-15', '2024-11-01'],
  calverMonths: ['2023.12', '2024.01', '2024.3', '2024.03.1', '2024.10'],
  debian: ['2.31-13', '2.36-9', '2.36-9+deb12u3', '2.36-9+deb12u4', '2.36-10', '1:2.0-1'],
  debianTilde: ['1.0~rc1', '1.0~rc2', '1.0'],
  java: ['11.0.21+9', '17.0.9+8', '17.0.9+9', '21.0.1+12'],
  spring: ['5.3.31', '6.0.0-M1', '6.0.0-RC1', '6.0.0', '6.1.2'],
  springOld: ['4.3.0.M1', '4.3.0.RC1', '4.3.0.RELEASE'],
  python: ['3.11.0a1', '3.11.0b3', '3.11.0rc2', '3.11.0', '3.12.1'],
  fourPart: ['1.2.3.4', '1.2.3.10', '1.2.4', '10.0.19045.3803'],
  panopticum: ['1.0', '14'],
};

describe('the version order on real-world version strings', () => {
  for (const [project, history] of Object.entries(HISTORIES)) {
    it(`sorts ${project} releases as the project released them`, () => {
      for (const v of history) expect(versionProblem(v), v).toBeNull();
      expect(shuffled(history).sort(compareVersions)).toEqual(history);
      expect(latestVersion(shuffled(history))).toBe(history.at(-1));
    });
  }

  it('orders numeric parts numerically, not as text', () => {
    expect(['1.10', '1.9', '1.2.3', '2.0', '1.0'].sort(compareVersions)).toEqual([
      '1.0',
      '1.2.3',
      '1.9',
      '1.10',
      '2.0',
    ]);
  });

  it('puts a pre-release below its release and beside-spellings next to each other', () => {
    expect(compareVersions('2.0.0-rc.1', '2.0.0')).toBe(-1);
    expect(compareVersions('2.0.0-rc.2', '2.0.0-rc.10')).toBe(-1);
    // v3.1 and 3.1 are one version: next to each other, in a stable order.
    expect(compareVersions('v3.1', '3.1')).toBe(1);
    expect(['3.2', 'v3.1', '3.0', '3.1'].sort(compareVersions)).toEqual([
      '3.0',
      '3.1',
      'v3.1',
      '3.2',
    ]);
    // A missing number counts as 0; the shorter spelling first.
    expect(['1.10.0', '1.10', '1.9.9'].sort(compareVersions)).toEqual(['1.9.9', '1.10', '1.10.0']);
    expect(['1.9', '1.9.0-rc.1', '1.9.1-beta'].sort(compareVersions)).toEqual([
      '1.9.0-rc.1',
      '1.9',
      '1.9.1-beta',
    ]);
  });

  it('compares numbers of any length without losing precision', () => {
    expect(compareVersions('1.20240315123456789', '1.20240315123456790')).toBe(-1);
  });

  it('sorts what is not a version (stored before the check) below every version', () => {
    expect(['1.0', 'latest', '0.0.1', 'not a version!'].sort(compareVersions)).toEqual([
      'latest',
      'not a version!',
      '0.0.1',
      '1.0',
    ]);
    expect(latestVersion(['not a version!', '1.9', '1.10', '1.10-beta'])).toBe('1.10');
    expect(latestVersion([])).toBeNull();
  });
});

describe('which strings are versions', () => {
  it.each([
    ['not a version!', 'must not contain spaces'],
    ['1.2!', '"!" cannot appear in a version'],
    ['latest', 'must start with a number'],
    ['release 2', 'must not contain spaces'],
    ['1..2', 'empty part between dots'],
    ['1.2.', 'empty part between dots'],
    ['1.2.3.4.5.6', 'more than 5 numbers'],
    ['1.0-', 'the pre-release "" needs letters or digits'],
    ['1.0+', 'build metadata'],
    ['1.0/2', '"/" cannot appear'],
    ['', 'is empty'],
    ['2:3:4', '":" may only follow an epoch'],
  ])('refuses %j and says why', (text, reason) => {
    expect(versionProblem(text)).toContain(reason);
  });

  it('explains the accepted forms with every refusal', () => {
    expect(versionProblem('latest')).toMatch(
      /numbers joined by dots \(1\.10, 2024\.03, v1\.2\.3\)/,
    );
  });

  it.each([
    '14',
    '1.10',
    '2024.03',
    'v1.2.3',
    'V2.0',
    '1.2.3+build.5',
    '1.2.3-rc.1',
    '1.2.3.4',
    '2024-03-15',
    '1.0.0-x-y-z.--',
    '1:2.30-1ubuntu1',
  ])('accepts %j', (text) => {
    expect(versionProblem(text)).toBeNull();
  });
});
