import type { EventBus } from '../platform/bus.js';
import type { Actor, RequestContext } from '../platform/context.js';
import type { Db } from '../platform/db.js';
import { inTransaction, type Work } from '../platform/unit-of-work.js';
import type {
  Exemption,
  ExemptionDecision,
  ExemptionRequest,
  LevelCreate,
  LevelPatch,
  OwnerStatusInput,
  RequirementCreate,
  RequirementPatch,
  RequirementState,
  ReviewerStatusInput,
  SetCreate,
  SetExclusion,
  SetPatch,
} from './contract.js';
import { excludeSet, includeSet } from './exclusions.js';
import {
  decideExemption,
  type ExemptionStep,
  getExemption,
  listExemptions,
  requestExemption,
} from './exemptions.js';
import { createLevel, deleteLevel, listLevels, orderLevels, updateLevel } from './levels.js';
import {
  createRequirement,
  deleteRequirement,
  getRequirement,
  listRequirements,
  updateRequirement,
} from './requirements.js';
import { createSet, deleteSet, getSet, listSets, orderSets, updateSet } from './sets.js';
import { requirementState, type VersionKey } from './status-view.js';
import { setOwnerStatus, setReviewerStatus } from './statuses.js';

type ComponentKey = { namespace: string; name: string };

/**
 * Requirements, sign-off and exemptions (PRODUCT 2), the write side and the admin lists. Every
 * write runs in one transaction with its history and publishes its change events after commit;
 * `now` is the clock of every status, exclusion and exemption step (tests pass a fixed one).
 */
export class RequirementsService {
  constructor(
    private readonly db: Db,
    private readonly bus: EventBus,
    readonly now: () => Date = () => new Date(),
  ) {}

  private write<T>(ctx: RequestContext, fn: (work: Work) => Promise<T>): Promise<T> {
    return inTransaction(this.db, this.bus, ctx, fn);
  }

  listLevels() {
    return listLevels(this.db);
  }
  createLevel(ctx: RequestContext, input: LevelCreate) {
    return this.write(ctx, (w) => createLevel(w, ctx, input));
  }
  updateLevel(ctx: RequestContext, key: string, patch: LevelPatch) {
    return this.write(ctx, (w) => updateLevel(w, ctx, key, patch));
  }
  orderLevels(ctx: RequestContext, keys: readonly string[]) {
    return this.write(ctx, (w) => orderLevels(w, ctx, keys));
  }
  deleteLevel(ctx: RequestContext, key: string) {
    return this.write(ctx, (w) => deleteLevel(w, ctx, key));
  }

  listSets() {
    return listSets(this.db);
  }
  getSet(key: string) {
    return getSet(this.db, key);
  }
  createSet(ctx: RequestContext, input: SetCreate) {
    return this.write(ctx, (w) => createSet(w, ctx, input));
  }
  updateSet(ctx: RequestContext, key: string, patch: SetPatch) {
    return this.write(ctx, (w) => updateSet(w, ctx, key, patch));
  }
  orderSets(ctx: RequestContext, keys: readonly string[]) {
    return this.write(ctx, (w) => orderSets(w, ctx, keys));
  }
  deleteSet(ctx: RequestContext, key: string) {
    return this.write(ctx, (w) => deleteSet(w, ctx, key));
  }

  listRequirements(query: { set?: string | undefined }) {
    return listRequirements(this.db, query);
  }
  getRequirement(key: string) {
    return getRequirement(this.db, key);
  }
  createRequirement(ctx: RequestContext, input: RequirementCreate) {
    return this.write(ctx, (w) => createRequirement(w, ctx, input));
  }
  updateRequirement(ctx: RequestContext, key: string, patch: RequirementPatch) {
    return this.write(ctx, (w) => updateRequirement(w, ctx, key, patch));
  }
  deleteRequirement(ctx: RequestContext, key: string) {
    return this.write(ctx, (w) => deleteRequirement(w, ctx, key));
  }

  /**
   * The owner side of one requirement on one version; answers the requirement as it stands once
   * the change committed (read outside the write, whose connection reads one query at a time).
   */
  async setOwnerStatus(
    ctx: RequestContext,
    key: VersionKey,
    requirement: string,
    input: OwnerStatusInput,
  ): Promise<RequirementState> {
    const now = this.now();
    await this.write(ctx, (w) => setOwnerStatus(w, ctx, now, key, requirement, input));
    return requirementState(this.db, key, requirement, ctx.actor, now);
  }

  /** The reviewer side (sign-off) of one requirement on one version; answers as setOwnerStatus. */
  async setReviewerStatus(
    ctx: RequestContext,
    key: VersionKey,
    requirement: string,
    input: ReviewerStatusInput,
  ): Promise<RequirementState> {
    const now = this.now();
    await this.write(ctx, (w) => setReviewerStatus(w, ctx, now, key, requirement, input));
    return requirementState(this.db, key, requirement, ctx.actor, now);
  }

  excludeSet(
    ctx: RequestContext,
    key: VersionKey,
    set: string,
    input: { reason: string },
  ): Promise<SetExclusion> {
    const now = this.now();
    return this.write(ctx, (w) => excludeSet(w, ctx, now, key, set, input));
  }
  includeSet(ctx: RequestContext, key: VersionKey, set: string): Promise<void> {
    return this.write(ctx, (w) => includeSet(w, ctx, key, set));
  }

  listExemptions(actor: Actor | null, component: ComponentKey): Promise<Exemption[]> {
    return listExemptions(this.db, actor, this.now(), component);
  }
  getExemption(actor: Actor | null, id: string): Promise<Exemption> {
    return getExemption(this.db, actor, this.now(), id);
  }
  requestExemption(
    ctx: RequestContext,
    component: ComponentKey,
    input: ExemptionRequest,
  ): Promise<Exemption> {
    const now = this.now();
    return this.write(ctx, (w) => requestExemption(w, ctx, now, component, input));
  }
  decideExemption(
    ctx: RequestContext,
    id: string,
    step: ExemptionStep,
    input: ExemptionDecision,
  ): Promise<Exemption> {
    const now = this.now();
    return this.write(ctx, (w) => decideExemption(w, ctx, now, id, step, input));
  }
}
