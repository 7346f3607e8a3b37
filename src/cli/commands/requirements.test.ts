import { describe, expect, it } from 'vitest';
import type { RequirementState, VersionRequirements } from '../../requirements/contract.js';
import { apiTarget, formatStatus } from './requirements.js';

const side = { notes: '', setBy: null, setAt: null };
function state(
  title: string,
  owner: RequirementState['owner']['status'],
  reviewer: RequirementState['reviewer']['status'],
  overall: RequirementState['overall'],
  extra: Partial<RequirementState> = {},
): RequirementState {
  return {
    component: 'component:default/billing',
    version: '2.1',
    requirement: { id: title, title, mandatory: false, level: 'Bronze', description: '' },
    owner: { ...side, status: owner },
    reviewer: { ...side, status: reviewer, reset: null },
    overall,
    effective: overall,
    exemption: null,
    may: { owner: false, review: false },
    ...extra,
  };
}

const VIEW: VersionRequirements = {
  component: 'component:default/billing',
  version: '2.1',
  latest: true,
  sets: [
    {
      id: 's1',
      name: 'Security',
      description: '',
      docLink: '',
      position: 0,
      reviewerTeams: ['security'],
      exclusion: null,
      may: { exclude: false, review: false },
      requirements: [
        state('TLS', 'ready', 'approved', 'ok', {
          requirement: { id: 't', title: 'TLS', mandatory: true, level: 'Bronze', description: '' },
          owner: { ...side, status: 'ready', notes: 'TLS 1.3\nonly' },
        }),
        state('Secrets', 'not_ready', 'unknown', 'not_ready', {
          effective: 'n/a',
          reviewer: {
            ...side,
            status: 'unknown',
            reset: { at: '2026-01-01T00:00:00.000Z', by: null, reason: 'owner readiness changed' },
          },
        }),
      ],
    },
    {
      id: 's2',
      name: 'Operations',
      description: '',
      docLink: '',
      position: 1,
      reviewerTeams: [],
      exclusion: {
        component: 'component:default/billing',
        version: '2.1',
        set: { id: 's2', name: 'Operations' },
        reason: 'a library, never deployed',
        setBy: null,
        setAt: '2026-01-01T00:00:00.000Z',
      },
      may: { exclude: false, review: false },
      requirements: [],
    },
  ],
  level: {
    reached: { id: 'b', name: 'Bronze', color: '' },
    next: { id: 's', name: 'Silver', color: '' },
    missing: [
      {
        requirement: { id: 'x', title: 'Runbook', mandatory: false, level: 'Silver' },
        set: 'Operations',
        effective: 'waiting',
      },
    ],
  },
  scores: { applicable: 2, readiness: 50, signOff: 50, qa: null, completeness: 85 },
  may: { owner: false },
};

describe('formatStatus', () => {
  it('prints the heading, what the next level misses and a table per set', () => {
    const lines = formatStatus(VIEW).split('\n');
    expect(lines.slice(0, 5)).toEqual([
      'default/billing 2.1 (latest)',
      'level: Bronze, next: Silver',
      'readiness 50%, sign-off 50%, QA -, profile 85% (2 requirements apply)',
      'missing for Silver:',
      '  - Runbook (Operations): waiting',
    ]);
    expect(lines).toContain('Security (reviewers: security)');
    expect(lines).toContain(
      '  REQUIREMENT  LEVEL   OWNER      REVIEWER         OVERALL                    NOTES',
    );
    expect(lines).toContain(
      '  TLS *        Bronze  ready      approved         ok                         TLS 1.3 only',
    );
    expect(lines).toContain(
      '  Secrets      Bronze  not_ready  unknown (reset)  n/a (exempted; not_ready)',
    );
    expect(lines).toContain('  not applicable to this version: a library, never deployed');
    expect(lines.at(-2)).toBe('* mandatory for production');
  });
});

describe('apiTarget', () => {
  it('takes ARGUS_URL and ARGUS_TOKEN, else the local server on ARGUS_PORT', () => {
    expect(apiTarget({ ARGUS_URL: 'https://argus.example/', ARGUS_TOKEN: 't' })).toEqual({
      url: 'https://argus.example',
      token: 't',
    });
    expect(apiTarget({ ARGUS_PORT: '8080' })).toEqual({
      url: 'http://127.0.0.1:8080',
      token: undefined,
    });
    expect(apiTarget({}, 'http://other:1')).toEqual({ url: 'http://other:1', token: undefined });
  });
});
