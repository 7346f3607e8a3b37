import { describe, expect, it } from 'vitest';
import { VERSION_HINT, versionInputProblem } from './version-form-model.js';

describe('the version field', () => {
  it('states the rule and what latest means', () => {
    expect(VERSION_HINT).toMatch(
      /^A version is numbers joined by dots \(1\.10, 2024\.03, v1\.2\.3\)/,
    );
    expect(VERSION_HINT).toContain('Latest = the highest version');
  });

  it("refuses what the server refuses, with the server's reason", () => {
    expect(versionInputProblem('not a version!')).toBe('"not a version!" must not contain spaces');
    expect(versionInputProblem('latest')).toBe('"latest" must start with a number');
    expect(versionInputProblem(' ')).toBe('a version is required');
  });

  it('accepts the forms real catalogs use', () => {
    for (const v of ['1.10', '2024.03', 'v1.2.3', '1.2.3+build.5', '1.2.3-rc.1', '16beta1'])
      expect(versionInputProblem(v), v).toBeUndefined();
  });
});
