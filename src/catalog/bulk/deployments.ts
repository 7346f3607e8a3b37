import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { pickFields } from '../../platform/audit/service.js';
import { insertMany } from '../../platform/bulk-insert.js';
import { formatComponentRef } from '../refs.js';
import { deployments } from '../schema.js';
import type { CatalogImport } from './import.js';
import { catalogKeys, DEPLOYMENT_IDENTITY, type DeploymentIdentity } from './keys.js';
import { DeploymentRecord } from './records.js';

/** Deployments of versions in bulk, matched by what tells them apart (environment, location, ...). */

type Row = Record<string, unknown>;

const DEPLOYMENT_FIELDS = [...DEPLOYMENT_IDENTITY, 'openPorts', 'notes'] as const;
const DEPLOYMENT_AUDIT_FIELDS = ['version', ...DEPLOYMENT_FIELDS];

/**
 * Adds deployments of versions and updates the ports and notes of those that exist (matched by
 * what tells them apart). Refused when the component or version is unknown or a deployment
 * appears twice.
 */
export async function importDeployments(
  b: CatalogImport,
  records: DeploymentRecord[],
  at = 'deployments',
): Promise<void> {
  b.check(DeploymentRecord, records, at);
  const versionIds = [...b.versions.values()].filter((v) => !v.created).map((v) => v.id);
  const rows =
    records.length === 0 || versionIds.length === 0
      ? []
      : await b.tx
          .select()
          .from(deployments)
          .where(sql`${deployments.versionId} = ANY(${sql.param(versionIds)}::uuid[])`);
  const existing = new Map(rows.map((r) => [catalogKeys.deployment(r.versionId, r), r]));
  const inserts: (typeof deployments.$inferInsert)[] = [];
  const updates: { id: string; set: Row }[] = [];
  const seen = new Set<string>();
  const model = 'deployments';
  records.forEach((d, i) => {
    b.counts.add(model, 'read');
    const path = `${at}[${i}]`;
    const componentKey = b.componentKeyOf(d.component, `${path}.component`);
    if (!componentKey) return;
    const versionKey = catalogKeys.version(componentKey, d.version);
    const version = b.versions.get(versionKey);
    const component = b.components.get(componentKey)!;
    if (!version) {
      b.problem(
        `${path}.version`,
        `${formatComponentRef(component)} has no version "${d.version}"`,
      );
      return;
    }
    const fields: Row = {
      environment: b.canon('environments', d.environment) ?? null,
      locationClass: b.canon('location_classes', d.locationClass) ?? null,
      productVersion: b.canon('product_versions', d.productVersion) ?? null,
      serviceName: d.serviceName ?? '',
      binaryName: d.binaryName ?? '',
      runtime: b.canon('runtimes', d.runtime) ?? null,
    };
    const match = catalogKeys.deployment(version.id, fields as DeploymentIdentity);
    if (seen.has(match)) {
      b.problem(
        path,
        'the same deployment (version, environment, location, product version, service, binary, runtime) is listed twice',
      );
      return;
    }
    seen.add(match);
    const ref = `${formatComponentRef(component)}@${version.version}/deployment`;
    const key = catalogKeys.deployment(versionKey, fields as DeploymentIdentity);
    const row = existing.get(match);
    if (row) {
      const before: Row = pickFields(row as Row, DEPLOYMENT_FIELDS);
      const after: Row = {
        ...before,
        ...(d.openPorts !== undefined ? { openPorts: d.openPorts } : {}),
        ...(d.notes !== undefined ? { notes: d.notes } : {}),
      };
      if (b.audit.updated('deployment', row.id, ref, before, after)) {
        updates.push({ id: row.id, set: { openPorts: after.openPorts, notes: after.notes } });
        b.change('component', formatComponentRef(component), 'update');
      }
      b.outcome(model, key, 'updated');
    } else {
      const id = randomUUID();
      const values = {
        id,
        versionId: version.id,
        environment: fields.environment as string | null,
        locationClass: fields.locationClass as string | null,
        productVersion: fields.productVersion as string | null,
        serviceName: fields.serviceName as string,
        binaryName: fields.binaryName as string,
        runtime: fields.runtime as string | null,
        openPorts: d.openPorts ?? [],
        notes: d.notes ?? '',
        version: version.version,
      };
      inserts.push(values);
      b.audit.created('deployment', id, ref, values, DEPLOYMENT_AUDIT_FIELDS);
      b.outcome(model, key, 'created');
    }
  });

  b.steps.push({
    phase: 'deployments',
    units: inserts.length + updates.length,
    async run(tick) {
      await insertMany(b.tx, deployments, inserts, tick);
      for (const u of updates)
        await b.tx.update(deployments).set(u.set).where(eq(deployments.id, u.id));
    },
  });
}
