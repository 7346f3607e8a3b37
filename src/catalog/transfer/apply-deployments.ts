import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { deployments } from '../schema.js';
import { type ApplyState, formatRef } from './apply-state.js';
import { insertMany } from './bulk.js';
import { DEPLOYMENT_IDENTITY, type DeploymentIdentity, keys } from './keys.js';

/** Deployments of versions, matched by what tells them apart (environment, location, ...). */

type Row = Record<string, unknown>;

function pick(row: Row, fields: readonly string[]): Row {
  return Object.fromEntries(fields.map((f) => [f, row[f]]));
}

const DEPLOYMENT_FIELDS = [...DEPLOYMENT_IDENTITY, 'openPorts', 'notes'] as const;
const DEPLOYMENT_AUDIT_FIELDS = ['version', ...DEPLOYMENT_FIELDS];

export async function planDeployments(s: ApplyState): Promise<void> {
  const versionIds = [...s.versions.values()].filter((v) => !v.created).map((v) => v.id);
  const rows =
    s.doc.deployments.length === 0 || versionIds.length === 0
      ? []
      : await s.tx
          .select()
          .from(deployments)
          .where(sql`${deployments.versionId} = ANY(${sql.param(versionIds)}::uuid[])`);
  const existing = new Map(rows.map((r) => [keys.deployment(r.versionId, r), r]));
  const inserts: (typeof deployments.$inferInsert)[] = [];
  const updates: { id: string; set: Row }[] = [];
  const seen = new Set<string>();
  const model = 'deployments';
  s.doc.deployments.forEach((d, i) => {
    s.counts.add(model, 'read');
    const path = `deployments[${i}]`;
    const componentKey = s.componentKeyOf(d.component, `${path}.component`);
    if (!componentKey) return;
    const versionKey = keys.version(componentKey, d.version);
    const version = s.versions.get(versionKey);
    const component = s.components.get(componentKey)!;
    if (!version) {
      s.problem(`${path}.version`, `${formatRef(component)} has no version "${d.version}"`);
      return;
    }
    const fields: Row = {
      environment: s.canon('environments', d.environment) ?? null,
      locationClass: s.canon('location_classes', d.locationClass) ?? null,
      productVersion: s.canon('product_versions', d.productVersion) ?? null,
      serviceName: d.serviceName ?? '',
      binaryName: d.binaryName ?? '',
      runtime: s.canon('runtimes', d.runtime) ?? null,
    };
    const match = keys.deployment(version.id, fields as DeploymentIdentity);
    if (seen.has(match)) {
      s.problem(
        path,
        'the same deployment (version, environment, location, product version, service, binary, runtime) is listed twice',
      );
      return;
    }
    seen.add(match);
    const ref = `${formatRef(component)}@${version.version}/deployment`;
    const key = keys.deployment(versionKey, fields as DeploymentIdentity);
    const row = existing.get(match);
    if (row) {
      const before: Row = pick(row as Row, DEPLOYMENT_FIELDS);
      const after: Row = {
        ...before,
        ...(d.openPorts !== undefined ? { openPorts: d.openPorts } : {}),
        ...(d.notes !== undefined ? { notes: d.notes } : {}),
      };
      if (s.audit.updated('deployment', row.id, ref, before, after)) {
        updates.push({ id: row.id, set: { openPorts: after.openPorts, notes: after.notes } });
        s.change('component', formatRef(component), 'update');
      }
      s.outcome(model, key, 'updated');
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
      s.audit.created('deployment', id, ref, values, DEPLOYMENT_AUDIT_FIELDS);
      s.outcome(model, key, 'created');
    }
  });

  s.steps.push({
    phase: 'deployments',
    units: inserts.length + updates.length,
    async run(tick) {
      await insertMany(s.tx, deployments, inserts, tick);
      for (const u of updates)
        await s.tx.update(deployments).set(u.set).where(eq(deployments.id, u.id));
    },
  });
}
