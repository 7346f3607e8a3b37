import { asc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import { requirePerson } from '../../catalog/people.js';
import { requireAdmin } from '../../catalog/rights.js';
import { teams } from '../../catalog/schema.js';
import { requireTeam } from '../../catalog/teams.js';
import { recordChange } from '../../platform/audit/service.js';
import { people } from '../../platform/auth/schema.js';
import type { EventBus } from '../../platform/bus.js';
import type { RequestContext } from '../../platform/context.js';
import type { Db } from '../../platform/db.js';
import { Conflict, Invalid } from '../../platform/errors.js';
import { inTransaction } from '../../platform/unit-of-work.js';
import type { Member, Space, SpaceCreate, SpacePatch } from '../contract.js';
import { spaceMembers, spaces } from '../schema.js';
import { DeployErrors } from './errors.js';
import { requireSpace, type SpaceRow } from './lookup.js';
import { requireSpaceRole, rightsOf, roleIn } from './rights.js';

const FIELDS = ['title', 'description'] as const;

/**
 * Spaces (lines of business) and their members. Argus admins create, change and delete spaces;
 * a space's admins manage its members; its members see it. Every change is audited in the
 * transaction that makes it.
 */
export class SpaceService {
  constructor(
    private readonly db: Db,
    private readonly bus: EventBus,
  ) {}

  private async present(ctx: RequestContext, row: SpaceRow): Promise<Space> {
    // The role shown is the caller's membership; an Argus admin's rights come on top of it.
    const asMember = ctx.actor ? { ...ctx, actor: { ...ctx.actor, isAdmin: false } } : ctx;
    const role = await roleIn(this.db, asMember, row.id);
    return {
      name: row.name,
      title: row.title,
      description: row.description,
      role,
      may: rightsOf(ctx.actor?.isAdmin ? 'admin' : role),
    };
  }

  /** The spaces the caller has a role in (all of them for Argus admins). */
  async list(ctx: RequestContext): Promise<{ items: Space[]; total: number }> {
    const rows = await this.db.select().from(spaces).orderBy(asc(spaces.name));
    const items: Space[] = [];
    for (const row of rows) {
      const space = await this.present(ctx, row);
      if (space.may.read) items.push(space);
    }
    return { items, total: items.length };
  }

  async get(ctx: RequestContext, name: string): Promise<Space> {
    const row = await requireSpace(this.db, name);
    await requireSpaceRole(this.db, ctx, row, 'viewer');
    return this.present(ctx, row);
  }

  async create(ctx: RequestContext, input: z.output<typeof SpaceCreate>): Promise<Space> {
    requireAdmin(ctx, 'create spaces');
    const row = await inTransaction(this.db, this.bus, ctx, async (work) => {
      const taken = await requireSpace(work.tx, input.name).catch(() => undefined);
      if (taken) throw new Conflict(DeployErrors.duplicate, `space "${taken.name}" exists`);
      const [created] = await work.tx
        .insert(spaces)
        .values({
          name: input.name,
          title: input.title ?? '',
          description: input.description ?? '',
        })
        .returning();
      await recordChange(work.tx, ctx, {
        entityType: 'space',
        entityId: created!.id,
        entityRef: `space:${created!.name}`,
        action: 'create',
        after: { name: created!.name, title: created!.title, description: created!.description },
      });
      work.emit('space', `space:${created!.name}`, 'create');
      return created!;
    });
    return this.present(ctx, row);
  }

  async update(
    ctx: RequestContext,
    name: string,
    patch: z.output<typeof SpacePatch>,
  ): Promise<Space> {
    requireAdmin(ctx, 'change spaces');
    const row = await inTransaction(this.db, this.bus, ctx, async (work) => {
      const before = await requireSpace(work.tx, name, 'update');
      const [after] = await work.tx
        .update(spaces)
        .set({ ...patch, updatedAt: new Date() })
        .where(eq(spaces.id, before.id))
        .returning();
      await recordChange(work.tx, ctx, {
        entityType: 'space',
        entityId: before.id,
        entityRef: `space:${before.name}`,
        action: 'update',
        before: Object.fromEntries(FIELDS.map((f) => [f, before[f]])),
        after: Object.fromEntries(FIELDS.map((f) => [f, after![f]])),
      });
      work.emit('space', `space:${before.name}`, 'update');
      return after!;
    });
    return this.present(ctx, row);
  }

  /** Deletes the space with its environments, configurations and action history. */
  async delete(ctx: RequestContext, name: string): Promise<void> {
    requireAdmin(ctx, 'delete spaces');
    await inTransaction(this.db, this.bus, ctx, async (work) => {
      const row = await requireSpace(work.tx, name, 'update');
      await work.tx.delete(spaces).where(eq(spaces.id, row.id));
      await recordChange(work.tx, ctx, {
        entityType: 'space',
        entityId: row.id,
        entityRef: `space:${row.name}`,
        action: 'delete',
        before: { name: row.name, title: row.title, description: row.description },
      });
      work.emit('space', `space:${row.name}`, 'delete');
    });
  }

  async members(ctx: RequestContext, name: string): Promise<{ members: Member[] }> {
    const space = await requireSpace(this.db, name);
    await requireSpaceRole(this.db, ctx, space, 'viewer');
    return { members: await readMembers(this.db, space.id) };
  }

  /** Replaces the member list (space admins); a person or team named twice is refused. */
  async setMembers(
    ctx: RequestContext,
    name: string,
    members: Member[],
  ): Promise<{ members: Member[] }> {
    const space = await requireSpace(this.db, name);
    await requireSpaceRole(this.db, ctx, space, 'admin');
    return inTransaction(this.db, this.bus, ctx, async (work) => {
      const rows: (typeof spaceMembers.$inferInsert)[] = [];
      const seen = new Set<string>();
      for (const [i, m] of members.entries()) {
        const id = m.person
          ? (await requirePerson(work.tx, m.person, `members[${i}].person`, 'share')).id
          : (await requireTeam(work.tx, m.team!, `members[${i}].team`, 'share')).id;
        if (seen.has(id))
          throw Invalid.field(DeployErrors.invalid, `members[${i}]`, 'named twice in the list');
        seen.add(id);
        rows.push({
          spaceId: space.id,
          personId: m.person ? id : null,
          teamId: m.team ? id : null,
          role: m.role,
        });
      }
      const before = await readMembers(work.tx, space.id);
      await work.tx.delete(spaceMembers).where(eq(spaceMembers.spaceId, space.id));
      if (rows.length > 0) await work.tx.insert(spaceMembers).values(rows);
      const after = await readMembers(work.tx, space.id);
      await recordChange(work.tx, ctx, {
        entityType: 'space',
        entityId: space.id,
        entityRef: `space:${space.name}`,
        action: 'update',
        before: { members: before },
        after: { members: after },
      });
      work.emit('space', `space:${space.name}`, 'update');
      return { members: after };
    });
  }
}

async function readMembers(db: Db, spaceId: string): Promise<Member[]> {
  const rows = await db
    .select({ person: people.username, team: teams.name, role: spaceMembers.role })
    .from(spaceMembers)
    .leftJoin(people, eq(people.id, spaceMembers.personId))
    .leftJoin(teams, eq(teams.id, spaceMembers.teamId))
    .where(eq(spaceMembers.spaceId, spaceId));
  return rows
    .map((r) => (r.person ? { person: r.person, role: r.role } : { team: r.team!, role: r.role }))
    .sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
}

/** People first, then teams, each by name. */
function sortKey(member: Member): string {
  return member.person ? `0 ${member.person}` : `1 ${member.team}`;
}
