import { describe, expect, it } from 'vitest';
import { ownerOfRow, ownerRef, ownerText, parseOwner } from './owners.js';

describe('owners as people write them', () => {
  it('reads a team by its name or group:, a person by user:, dropping a namespace', () => {
    expect(parseOwner('payments')).toEqual({ kind: 'team', name: 'payments' });
    expect(parseOwner(' group:payments ')).toEqual({ kind: 'team', name: 'payments' });
    expect(parseOwner('Group:default/payments')).toEqual({ kind: 'team', name: 'payments' });
    expect(parseOwner('user:alice')).toEqual({ kind: 'person', name: 'alice' });
    expect(parseOwner('USER:default/alice')).toEqual({ kind: 'person', name: 'alice' });
    // An email-like username keeps its @ and dots.
    expect(parseOwner('user:a.b@example.com')).toEqual({ kind: 'person', name: 'a.b@example.com' });
  });

  it('writes a team by its name for input and documents, group: or user: as a ref', () => {
    const team = { kind: 'team', name: 'payments' } as const;
    const person = { kind: 'person', name: 'alice' } as const;
    expect([ownerText(team), ownerText(person), ownerText(null)]).toEqual([
      'payments',
      'user:alice',
      null,
    ]);
    expect([ownerRef(team), ownerRef(person), ownerRef(null)]).toEqual([
      'group:payments',
      'user:alice',
      null,
    ]);
    // What is written reads back as the same owner.
    for (const owner of [team, person]) {
      expect(parseOwner(ownerText(owner)!)).toEqual(owner);
      expect(parseOwner(ownerRef(owner)!)).toEqual(owner);
    }
  });

  it('tells from a row whether its owner name is a team or a person', () => {
    expect(ownerOfRow({ owner: 'payments', ownerTeamId: 't', ownerPersonId: null })).toEqual({
      kind: 'team',
      name: 'payments',
    });
    expect(ownerOfRow({ owner: 'alice', ownerTeamId: null, ownerPersonId: 'p' })).toEqual({
      kind: 'person',
      name: 'alice',
    });
    expect(ownerOfRow({ owner: null, ownerTeamId: null, ownerPersonId: null })).toBeNull();
  });
});
