import { describe, expect, it } from 'vitest';
import { ownedEntityPath } from './owned-entities.js';
import { responsibilityPhrases, versionList } from './responsibility.js';

const entry = {
  ref: 'component:default/payments-api',
  title: 'Payments API',
  lifecycle: 'mature',
  owner: 'payments',
  ownerRef: 'group:payments' as string | null,
  ownerTeam: null as string | null,
  roles: [] as { role: string; versions: string[] }[],
};

describe('responsibility phrases', () => {
  it('names the owner team, and the team above it when membership comes from there', () => {
    expect(responsibilityPhrases({ ...entry, ownerTeam: 'payments' }, 'bob')).toEqual([
      'owner team member (payments)',
    ]);
    expect(responsibilityPhrases({ ...entry, ownerTeam: 'platform' }, 'erin')).toEqual([
      'owner team member (payments, through platform)',
    ]);
  });

  it('says each role once, in the singular, with its versions', () => {
    expect(
      responsibilityPhrases(
        {
          ...entry,
          roles: [
            { role: 'expert', versions: ['2.0'] },
            { role: 'qa_lead', versions: ['2.0', '1.0'] },
          ],
        },
        'carol',
      ),
    ).toEqual(['expert of 2.0', 'QA lead of 2.0, 1.0']);
  });

  it('says "owner" to the person who owns it, not to someone else with a role on it', () => {
    const carols = { ...entry, owner: 'carol', ownerRef: 'user:carol' };
    const maintainer = [{ role: 'maintainer', versions: ['1.0'] }];
    expect(responsibilityPhrases({ ...carols, roles: maintainer }, 'Carol')).toEqual([
      'owner',
      'maintainer of 1.0',
    ]);
    expect(responsibilityPhrases({ ...carols, roles: maintainer }, 'bob')).toEqual([
      'maintainer of 1.0',
    ]);
  });

  it('counts versions past the third', () => {
    expect(versionList(['5', '4', '3'])).toBe('5, 4, 3');
    expect(versionList(['5', '4', '3', '2', '1'])).toBe('5, 4, 3 and 2 older');
  });
});

describe('owned entity links', () => {
  it("leads to each kind's pages", () => {
    expect(ownedEntityPath('system:default/ledger')).toBe('/systems/default/ledger');
    expect(ownedEntityPath('api:shop/cart-api')).toBe('/apis/shop/cart-api');
    expect(ownedEntityPath('resource:default/orders-db')).toBe(
      '/catalog-resources/default/orders-db',
    );
    expect(ownedEntityPath('domain:default/web')).toBe('/domains/default/web');
    expect(ownedEntityPath('widget:default/x')).toBeUndefined();
  });
});
