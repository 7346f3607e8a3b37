import { sql } from 'drizzle-orm';
import type { Requirement, RequirementSet } from '../../src/requirements/contract.js';
import { RequirementsService } from '../../src/requirements/service.js';
import type { TestApp, TestUser } from '../helpers/app.js';
import { type CatalogFixture, seedCatalog } from '../helpers/catalog-fixture.js';

/**
 * The catalog fixture plus requirements: team "security" (reviewer rita) reviews the sets
 * Security (every component) and Web (components of type website only); requirements at the
 * default levels Bronze, Silver and Gold.
 */
export interface RequirementsFixture extends CatalogFixture {
  /** Member of team security, which reviews the sets Security and Web. */
  reviewer: TestUser;
  /** The write side as the tests' own clock sees it. */
  service: RequirementsService;
  security: RequirementSet;
  web: RequirementSet;
  /** Security's requirements by title. */
  requirements: Record<string, Requirement>;
}

export const SECURITY_REQUIREMENTS = [
  ['Threat model', 'Bronze'],
  ['Secrets in a vault', 'Bronze'],
  ['Dependency scanning', 'Silver'],
  ['Penetration test', 'Gold'],
  ['Incident runbook', 'Silver'],
  ['Access review', 'Silver'],
] as const;

export async function seedRequirements(
  t: TestApp,
  now: () => Date = () => new Date(),
): Promise<RequirementsFixture> {
  const f = await seedCatalog(t);
  const ctx = t.system;
  await t.catalog.createTeam(ctx, { name: 'security', title: 'Security experts' });
  const reviewer = await t.user('rita', { teams: ['security'] });
  const service = new RequirementsService(t.database.db, t.bus, now);
  const security = await service.createSet(ctx, {
    name: 'Security',
    description: 'Security & compliance',
    reviewerTeams: ['security'],
  });
  const web = await service.createSet(ctx, {
    name: 'Web',
    reviewerTeams: ['security'],
    applicability: "type = 'website'",
  });
  const requirements: Record<string, Requirement> = {};
  for (const [title, level] of SECURITY_REQUIREMENTS)
    requirements[title] = await service.createRequirement(ctx, {
      title,
      level,
      sets: [{ set: 'Security' }],
    });
  await service.createRequirement(ctx, {
    title: 'Content security policy',
    sets: [{ set: 'Web' }],
  });
  return {
    ...f,
    reviewer,
    service,
    security: await service.getSet(security.id),
    web: await service.getSet(web.id),
    requirements,
  };
}

/**
 * Everything a refused write must leave as it was: the history and every requirements table,
 * as one comparable value.
 */
export async function requirementsSnapshot(t: TestApp): Promise<Record<string, unknown>> {
  const tables = [
    'audit_events',
    'requirement_levels',
    'requirement_sets',
    'requirement_set_reviewers',
    'requirements',
    'requirement_set_members',
    'requirement_statuses',
    'requirement_set_exclusions',
    'requirement_exemptions',
  ];
  const parts = tables.map(
    (name) =>
      sql`(SELECT coalesce(md5(string_agg(x::text, ',' ORDER BY x::text)), '') FROM ${sql.identifier(name)} x) AS ${sql.identifier(name)}`,
  );
  const result = await t.database.db.execute(sql`SELECT ${sql.join(parts, sql`, `)}`);
  const rows = (result as { rows?: unknown[] }).rows ?? (result as unknown as unknown[]);
  return rows[0] as Record<string, unknown>;
}
