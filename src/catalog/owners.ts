import type { Db } from '../platform/db.js';
import { Invalid } from '../platform/errors.js';
import type { RowLock } from '../platform/unit-of-work.js';
import { CatalogErrors } from './errors.js';
import { findPerson } from './people.js';
import type { Owner } from './rights.js';
import { findTeam } from './teams.js';

/**
 * Owners as people write them (PRODUCT 1.1): a team or a person. Input, Argus JSON documents and
 * history name a team by its name (or Backstage's `group:name`) and a person as `user:username`;
 * Backstage may put a namespace in between (`user:default/alice`), which Argus, having one
 * namespace of people and teams, drops.
 */
export interface OwnerName {
  kind: 'team' | 'person';
  name: string;
}

const OWNER_REF = /^(group|user):(?:[^/]+\/)?(.+)$/i;

export function parseOwner(text: string): OwnerName {
  const trimmed = text.trim();
  const m = OWNER_REF.exec(trimmed);
  if (!m) return { kind: 'team', name: trimmed };
  return { kind: m[1]!.toLowerCase() === 'user' ? 'person' : 'team', name: m[2]!.trim() };
}

/** The owner in the form input takes back: the team's name, or `user:<username>`. */
export function ownerText(owner: OwnerName | null): string | null {
  if (owner === null) return null;
  return owner.kind === 'person' ? `user:${owner.name}` : owner.name;
}

/** Backstage's form, which answers carry as `ownerRef`: `group:<team>` or `user:<username>`. */
export function ownerRef(owner: OwnerName | null): string | null {
  if (owner === null) return null;
  return `${owner.kind === 'person' ? 'user' : 'group'}:${owner.name}`;
}

/** The owner a row holds, by its ids and the name kept beside them (components.owner). */
export function ownerOfRow(row: Owner & { owner: string | null }): OwnerName | null {
  if (row.owner === null) return null;
  if (row.ownerPersonId !== null) return { kind: 'person', name: row.owner };
  return { kind: 'team', name: row.owner };
}

/** An owner resolved to its row: the ids to store and the name as the team or person spells it. */
export interface ResolvedOwner extends Owner {
  name: OwnerName | null;
}

/**
 * The owner `text` names (see parseOwner), or no owner for null. An unknown team or person is
 * a 400 naming `field`. The row is locked FOR SHARE (by default) so it cannot be renamed or
 * deleted under the write that stores it.
 */
export async function resolveOwner(
  db: Db,
  text: string | null,
  field = 'owner',
  lock: RowLock = 'share',
): Promise<ResolvedOwner> {
  if (text === null) return { ownerTeamId: null, ownerPersonId: null, name: null };
  const named = parseOwner(text);
  if (named.kind === 'person') {
    const person = await findPerson(db, named.name, lock);
    if (!person)
      throw Invalid.field(CatalogErrors.unknownReference, field, `no person "${named.name}"`);
    return {
      ownerTeamId: null,
      ownerPersonId: person.id,
      name: { kind: 'person', name: person.username },
    };
  }
  const team = await findTeam(db, named.name, lock);
  if (!team) throw Invalid.field(CatalogErrors.unknownReference, field, `no team "${named.name}"`);
  return { ownerTeamId: team.id, ownerPersonId: null, name: { kind: 'team', name: team.name } };
}
