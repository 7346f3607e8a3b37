import type { TestApp, TestUser } from './app.js';

export interface CatalogFixture {
  admin: TestUser;
  /** Member of team "payments" (owner of payments-api). */
  owner: TestUser;
  /** Named QA lead on payments-api 1.0, in no team. */
  qaLead: TestUser;
  /** A logged-in person with no team and no role. */
  viewer: TestUser;
}

/**
 * A small catalog most integration tests start from: teams platform > payments, reference
 * values, three components with versions and a dependency, and one user per kind of right.
 */
export async function seedCatalog(t: TestApp): Promise<CatalogFixture> {
  const admin = await t.user('alice', { admin: true, password: 'alice-password-1' });
  const ctx = t.system;
  for (const [list, names] of Object.entries({
    categories: ['Backend', 'Frontend', 'Data'],
    component_types: ['service', 'website', 'database', 'library'],
    languages: ['Go', 'TypeScript', 'Python'],
    vendors: ['Acme'],
  })) {
    for (const name of names)
      await t.catalog.createReference(ctx, list, {
        name,
        description: '',
        position: 0,
        parent: null,
        extra: {},
      });
  }
  await t.catalog.createReference(ctx, 'frameworks', {
    name: 'React',
    description: '',
    position: 0,
    parent: 'TypeScript',
    extra: {},
  });
  await t.catalog.createTeam(ctx, { name: 'platform', title: 'Platform' });
  await t.catalog.createTeam(ctx, { name: 'payments', title: 'Payments', parent: 'platform' });
  await t.catalog.createTeam(ctx, { name: 'web', title: 'Web' });
  const owner = await t.user('bob', { teams: ['payments'], password: 'bob-password-12' });
  const qaLead = await t.user('carol');
  const viewer = await t.user('dave');
  await t.catalog.createComponent(ctx, {
    name: 'payments-api',
    namespace: 'default',
    title: 'Payments API',
    description: 'Takes card payments',
    type: 'service',
    lifecycle: 'mature',
    category: 'Backend',
    owner: 'payments',
    tags: ['pci', 'critical'],
    labels: { tier: '1' },
  });
  await t.catalog.createVersion(ctx, 'payments-api', {
    version: '1.0',
    languages: ['Go'],
    people: { qa_lead: ['carol'], maintainer: ['bob'] },
  });
  await t.catalog.createVersion(ctx, 'payments-api', {
    version: '1.10',
    languages: ['Go', 'Python'],
  });
  await t.catalog.createComponent(ctx, {
    name: 'ledger-db',
    namespace: 'default',
    title: 'Ledger database',
    type: 'database',
    lifecycle: 'mature',
    category: 'Data',
    owner: 'platform',
    tags: ['critical'],
  });
  await t.catalog.createComponent(ctx, {
    name: 'storefront',
    namespace: 'default',
    title: 'Storefront',
    type: 'website',
    lifecycle: 'experimental',
    category: 'Frontend',
    owner: 'web',
  });
  await t.catalog.createVersion(ctx, 'storefront', {
    version: '0.3.0',
    languages: ['TypeScript'],
    frameworks: ['React'],
  });
  await t.catalog.addDependency(ctx, {
    from: 'payments-api',
    to: 'ledger-db',
    type: 'strong_rw',
    notes: 'main store',
  });
  await t.catalog.addDependency(ctx, {
    from: 'storefront',
    to: 'payments-api',
    type: 'weak_rw',
    notes: '',
  });
  return { admin, owner, qaLead, viewer };
}
