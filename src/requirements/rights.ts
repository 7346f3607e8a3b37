import { and, eq, inArray } from 'drizzle-orm';
import {
  type Owner,
  ownerMembership,
  requireActor,
  rolesByVersion,
  teamsOf,
} from '../catalog/rights.js';
import type { Actor, RequestContext } from '../platform/context.js';
import type { Db } from '../platform/db.js';
import { Forbidden } from '../platform/errors.js';
import { setsApplyingTo } from './applicability.js';
import { RequirementErrors } from './errors.js';
import { requirementSetMembers, requirementSetReviewers, requirementSets } from './schema.js';

/**
 * Who may do what with requirements (PRODUCT 2, issue 7 "Rights"): admins define levels, sets
 * and requirements. The owner side (readiness, set exclusions, exemption requests) belongs to
 * the component's owner (members of the owner team or of a team above it, or the person who
 * owns it) and to the people in a role on the version. The reviewer side (sign-off, exemption
 * decisions) belongs to members of a reviewer team of a set that holds the requirement and
 * applies to the component. Admins may act on both sides; such a change is recorded with the
 * reason AS_ADMIN. Everyone else reads.
 */

/** The audit reason of a change an admin made on a side their teams and roles do not give them. */
export const AS_ADMIN = 'as admin';

/** How a person stands on a side: entitled by teams or roles, there only as an admin, or not. */
export type Standing = 'entitled' | 'admin' | 'none';

function standing(actor: Actor, entitled: boolean): Standing {
  if (entitled) return 'entitled';
  return actor.isAdmin ? 'admin' : 'none';
}

/** The actor judged by their teams and roles alone. */
const asMember = (actor: Actor): Actor => ({ ...actor, isAdmin: false });

export function requireRequirementsAdmin(ctx: RequestContext, what: string): Actor {
  const actor = requireActor(ctx);
  if (!actor.isAdmin) throw new Forbidden(RequirementErrors.forbidden, `only admins may ${what}`);
  return actor;
}

/**
 * The owner side of a component: its owner, or a role on one of `versionIds` (the version a
 * status belongs to; every version of the component for an exemption, which covers them all).
 */
export async function ownerStanding(
  db: Db,
  actor: Actor,
  component: Owner,
  versionIds: readonly string[],
): Promise<Standing> {
  const member = asMember(actor);
  if ((await ownerMembership(db, member))(component)) return 'entitled';
  const roles = await rolesByVersion(db, member, versionIds);
  return standing(actor, roles.size > 0);
}

/** The sets whose reviewer teams the person belongs to (directly or through a team above one). */
export async function reviewedSetIds(db: Db, actor: Actor): Promise<Set<string>> {
  const mine = await teamsOf(db, actor.id);
  if (mine.size === 0) return new Set();
  const rows = await db
    .selectDistinct({ setId: requirementSetReviewers.setId })
    .from(requirementSetReviewers)
    .where(inArray(requirementSetReviewers.teamId, [...mine]));
  return new Set(rows.map((r) => r.setId));
}

/**
 * The requirements of the component the person signs off by their teams: those in a set they
 * review that applies to the component. An admin's extra rights are not counted here.
 */
export async function reviewableRequirementIds(
  db: Db,
  actor: Actor,
  componentId: string,
  requirementIds?: readonly string[],
): Promise<Set<string>> {
  const reviewed = await reviewedSetIds(db, actor);
  if (reviewed.size === 0) return new Set();
  const rows = await db
    .select({
      setId: requirementSets.id,
      applicability: requirementSets.applicability,
      requirementId: requirementSetMembers.requirementId,
    })
    .from(requirementSetMembers)
    .innerJoin(requirementSets, eq(requirementSets.id, requirementSetMembers.setId))
    .where(
      and(
        inArray(requirementSets.id, [...reviewed]),
        requirementIds
          ? inArray(requirementSetMembers.requirementId, [...requirementIds])
          : undefined,
      ),
    );
  const sets = [
    ...new Map(
      rows.map((r) => [r.setId, { id: r.setId, applicability: r.applicability }]),
    ).values(),
  ];
  const applying = await setsApplyingTo(db, componentId, sets);
  return new Set(rows.filter((r) => applying.has(r.setId)).map((r) => r.requirementId));
}

/** The reviewer side of one requirement on one component. */
export async function reviewerStanding(
  db: Db,
  actor: Actor,
  requirementId: string,
  componentId: string,
): Promise<Standing> {
  const ids = await reviewableRequirementIds(db, actor, componentId, [requirementId]);
  return standing(actor, ids.has(requirementId));
}

/** What a write on a side records: who, and the reason when they act only as an admin. */
export interface SideActor {
  actor: Actor;
  reason: string | undefined;
}

function admitted(actor: Actor, how: Standing, refusal: string): SideActor {
  if (how === 'none') throw new Forbidden(RequirementErrors.forbidden, refusal);
  return { actor, reason: how === 'admin' ? AS_ADMIN : undefined };
}

export async function requireOwnerSide(
  db: Db,
  ctx: RequestContext,
  component: Owner,
  versionIds: readonly string[],
  what: string,
): Promise<SideActor> {
  const actor = requireActor(ctx);
  return admitted(
    actor,
    await ownerStanding(db, actor, component, versionIds),
    `only the component's owner, members of its owner team, people in a role on the version or admins may ${what}`,
  );
}

export async function requireReviewerSide(
  db: Db,
  ctx: RequestContext,
  requirementId: string,
  componentId: string,
  what: string,
): Promise<SideActor> {
  const actor = requireActor(ctx);
  return admitted(
    actor,
    await reviewerStanding(db, actor, requirementId, componentId),
    `only members of a reviewer team of a set holding the requirement, or admins, may ${what}`,
  );
}
