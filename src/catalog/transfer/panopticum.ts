import type { EventBus } from '../../platform/bus.js';
import type { RequestContext } from '../../platform/context.js';
import type { Db } from '../../platform/db.js';
import type { FieldProblem } from '../../platform/errors.js';
import type { OwnerStatus, ReviewerStatus } from '../../requirements/schema.js';
import {
  DEPENDENCY_TYPES,
  type DependencyType,
  LIFECYCLES,
  type Lifecycle,
  linkProblem,
  QA_KINDS,
  QA_RATINGS,
  type ReferenceList,
  type VersionRole,
} from '../contract.js';
import { versionProblem } from '../semver.js';
import { importContent } from './apply.js';
import {
  type CatalogContent,
  emptyContent,
  type RadarEntryDoc,
  type VersionDoc,
} from './document.js';
import { invalidInput } from './errors.js';
import { checkSize, parseJson } from './input.js';
import { keys, slugify } from './keys.js';
import { type ImportOptions, type ImportReport, ModelCounter, type RecordNote } from './report.js';

/**
 * Panopticum's fixtures (Django `loaddata` JSON: `[{model, pk, fields}]`) mapped to an Argus
 * document. Every model of Panopticum's demo.json and minimal.json is mapped; the known
 * defects of those files are tolerated:
 * - demo.json names user 1 in roles, but holds no users: each missing user becomes a hidden
 *   placeholder person `panopticum-user-<pk>` so the role is kept and can be re-assigned;
 * - minimal.json spells the "overall" status type "ovrerall": types are recognised by pattern;
 * - requirement sets without display order, doc link or owner groups get their order from
 *   their pk and empty values.
 * The "overall" status is derived in Argus (PRODUCT 2), so its entries are read and skipped.
 */

interface DjangoRecord {
  model: string;
  pk: unknown;
  fields: Record<string, unknown>;
}

/** What became of one record: the key of the Argus entity it maps to, or why it was skipped. */
type Disposition = { key: string } | { skipped: string };

const SIMPLE_LISTS: Record<string, ReferenceList> = {
  'panopticum.componentdataprivacyclassmodel': 'privacy_classes',
  'panopticum.componentcategorymodel': 'categories',
  'panopticum.componentsubcategorymodel': 'subcategories',
  'panopticum.softwarevendormodel': 'vendors',
  'panopticum.databasevendormodel': 'databases',
  'panopticum.programminglanguagemodel': 'languages',
  'panopticum.frameworkmodel': 'frameworks',
  'panopticum.ormmodel': 'orms',
  'panopticum.loggermodel': 'loggers',
  'panopticum.componentruntimetypemodel': 'runtimes',
  'panopticum.componenttype': 'component_types',
  'panopticum.deploymentlocationclassmodel': 'location_classes',
  'panopticum.deploymentenvironmentmodel': 'environments',
  'panopticum.productfamilymodel': 'product_families',
  'panopticum.productversionmodel': 'product_versions',
  'panopticum.tcpportmodel': 'tcp_ports',
};

/** Which foreign key of a list model names the parent item. */
const PARENT_FIELDS: Record<string, [string, string]> = {
  'panopticum.componentsubcategorymodel': ['category', 'panopticum.componentcategorymodel'],
  'panopticum.frameworkmodel': ['language', 'panopticum.programminglanguagemodel'],
  'panopticum.productversionmodel': ['family', 'panopticum.productfamilymodel'],
};

const ROLE_FIELDS: [string, VersionRole][] = [
  ['owner_maintainer', 'maintainer'],
  ['owner_responsible_qa', 'qa_lead'],
  ['owner_product_manager', 'product_manager'],
  ['owner_program_manager', 'program_manager'],
  ['owner_escalation_list', 'escalation'],
  ['owner_expert', 'expert'],
  ['owner_architect', 'architect'],
];

const FACT_FIELDS: [
  string,
  keyof VersionDoc & ('languages' | 'frameworks' | 'databases' | 'orms' | 'loggers' | 'runtimes'),
  string,
][] = [
  ['dev_language', 'languages', 'panopticum.programminglanguagemodel'],
  ['dev_framework', 'frameworks', 'panopticum.frameworkmodel'],
  ['dev_database', 'databases', 'panopticum.databasevendormodel'],
  ['dev_orm', 'orms', 'panopticum.ormmodel'],
  ['dev_logging', 'loggers', 'panopticum.loggermodel'],
];

const DEV_LINK_FIELDS: [string, keyof NonNullable<VersionDoc['devLinks']>][] = [
  ['dev_raml', 'api_spec'],
  ['dev_repo', 'repository'],
  ['dev_public_repo', 'public_repository'],
  ['dev_issuetracker_component', 'issue_tracker'],
  ['dev_build_jenkins_job', 'build_job'],
  ['dev_docs', 'docs'],
  ['dev_public_docs', 'public_docs'],
];

const HISTORY_TYPES: Record<string, string> = { '+': 'added', '~': 'changed', '-': 'removed' };

const str = (v: unknown): string =>
  typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v);
const ids = (v: unknown): unknown[] =>
  Array.isArray(v) ? v : v === null || v === undefined ? [] : [v];

/** Status type of a `requirementstatustype` record, by its name ("ovrerall" included). */
export function statusSide(name: string): 'owner' | 'reviewer' | 'overall' | null {
  const n = name.trim().toLowerCase();
  if (/review|approv|sign/.test(n)) return 'reviewer';
  if (/owner/.test(n)) return 'owner';
  if (/^o?v[a-z]*r[a-z]*l+$/.test(n) || n.includes('overall')) return 'overall';
  return null;
}

function ownerStatus(name: string): OwnerStatus | null {
  const n = name
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  if (n === 'unknown' || n === 'not_ready' || n === 'ready' || n === 'n/a') return n;
  if (n === 'na' || n === 'not_applicable') return 'n/a';
  return null;
}

function reviewerStatus(name: string): ReviewerStatus | null {
  const n = name
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  if (n === 'unknown') return 'unknown';
  if (n === 'not_ready' || n === 'rejected' || n === 'declined') return 'rejected';
  if (n === 'ready' || n === 'approved') return 'approved';
  return null;
}

export interface PanopticumMapping {
  content: CatalogContent;
  records: { model: string; disposition: Disposition }[];
  /** People created for users the file names but does not hold. */
  placeholders: string[];
  /** Records skipped or changed, with why. */
  notes: RecordNote[];
  /** Notes about the file as a whole. */
  warnings: string[];
}

/** Reads the records; a file that is not a list of {model, pk, fields} is refused, by record. */
export function readRecords(input: unknown): DjangoRecord[] {
  if (!Array.isArray(input)) {
    throw invalidInput([
      {
        field: '(document)',
        reason:
          'expected a JSON array of {"model", "pk", "fields"} records (Django loaddata format)',
      },
    ]);
  }
  const problems: FieldProblem[] = [];
  input.forEach((r, i) => {
    if (
      !r ||
      typeof r !== 'object' ||
      typeof r.model !== 'string' ||
      !r.fields ||
      typeof r.fields !== 'object'
    ) {
      problems.push({
        field: `[${i}]`,
        reason: 'expected {"model": "app.model", "pk": ..., "fields": {...}}',
      });
    }
  });
  if (problems.length > 0) throw invalidInput(problems);
  return (input as DjangoRecord[]).map((r) => ({ ...r, model: r.model.toLowerCase() }));
}

/** Which record a note is about: its pk, and the name a person knows it by when it has one. */
function recordLabel(r: DjangoRecord): string {
  const f = r.fields;
  const name = [f.name, f.title, f.label, f.username, f.version].find(
    (v) => typeof v === 'string' && v.trim() !== '',
  ) as string | undefined;
  return `#${JSON.stringify(r.pk)}${name ? ` "${name.trim()}"` : ''}`;
}

export function mapPanopticum(records: DjangoRecord[]): PanopticumMapping {
  const content = emptyContent();
  const warnings: string[] = [];
  const byModel = new Map<string, Map<string, DjangoRecord>>();
  for (const r of records) {
    let map = byModel.get(r.model);
    if (!map) {
      map = new Map();
      byModel.set(r.model, map);
    }
    map.set(String(r.pk), r);
  }
  const lookup = (model: string, pk: unknown) =>
    pk === null || pk === undefined ? undefined : byModel.get(model)?.get(String(pk));
  const nameOf = (model: string, pk: unknown): string | null => {
    const r = lookup(model, pk);
    return r ? str(r.fields.name).trim() || null : null;
  };
  const dispositions = new Map<DjangoRecord, Disposition>();
  const notes: RecordNote[] = [];
  const note = (r: DjangoRecord, outcome: RecordNote['outcome'], reason: string) =>
    notes.push({ model: r.model, record: recordLabel(r), outcome, reason });
  const skip = (r: DjangoRecord, reason: string) => {
    dispositions.set(r, { skipped: reason });
    note(r, 'skipped', reason);
  };
  // Panopticum kept free text in link fields ("n/a", "Docs https://..."); Argus stores only
  // http, https and mailto links. The link inside the text is kept, other text left out.
  const link = (r: DjangoRecord, field: string): string => {
    const text = str(r.fields[field]).trim();
    if (text === '' || linkProblem(text) === null) return text;
    const inside = /\bhttps?:\/\/[^\s<>"]+/i.exec(text)?.[0];
    const kept = inside !== undefined && linkProblem(inside) === null ? inside : '';
    note(
      r,
      'changed',
      `${field} ${JSON.stringify(text)} is not a link; ${kept ? `kept ${kept}` : 'left out'}`,
    );
    return kept;
  };

  // People and groups: real users when the file holds them, placeholders otherwise.
  const usernames = new Map<string, string>();
  for (const model of ['auth.user', 'panopticum.user']) {
    for (const r of byModel.get(model)?.values() ?? []) {
      const f = r.fields;
      const username = str(f.username).trim() || `panopticum-user-${String(r.pk)}`;
      usernames.set(String(r.pk), username);
      content.people.push({
        username,
        name: [str(f.first_name), str(f.last_name)].filter(Boolean).join(' ') || str(f.name),
        email: str(f.email),
        title: str(f.title),
        officePhone: str(f.office_phone),
        mobilePhone: str(f.mobile_phone),
        employeeNumber: str(f.employee_number),
        hidden: f.hidden === true || f.is_active === false,
        ...(f.dn ? { directoryDn: str(f.dn) } : {}),
      });
      dispositions.set(r, { key: keys.person(username) });
    }
  }
  const placeholders: string[] = [];
  const personOf = (pk: unknown): string => {
    const known = usernames.get(String(pk));
    if (known) return known;
    const username = `panopticum-user-${String(pk)}`;
    usernames.set(String(pk), username);
    placeholders.push(username);
    content.people.push({ username, name: `Panopticum user ${String(pk)}`, hidden: true });
    warnings.push(
      `the file names user ${String(pk)} but does not hold it: its roles go to the hidden placeholder person "${username}"`,
    );
    return username;
  };
  const groupNames = new Map<string, string>();
  const takenTeams = new Set<string>();
  for (const r of byModel.get('auth.group')?.values() ?? []) {
    const name = slugify(str(r.fields.name), takenTeams);
    groupNames.set(String(r.pk), name);
    content.teams.push({ name, title: str(r.fields.name) });
    dispositions.set(r, { key: keys.team(name) });
  }

  // Reference lists.
  for (const [model, list] of Object.entries(SIMPLE_LISTS)) {
    const items = content.referenceLists[list] ?? [];
    for (const r of byModel.get(model)?.values() ?? []) {
      const f = r.fields;
      const name = (list === 'tcp_ports' && !f.name ? str(f.port) : str(f.name)).trim();
      if (!name) {
        skip(r, 'has no name');
        continue;
      }
      const extra: Record<string, unknown> = {};
      if (f.shortname && str(f.shortname) !== name) extra.shortName = str(f.shortname);
      if (list === 'tcp_ports' && f.port !== undefined) extra.port = Number(f.port);
      const parentField = PARENT_FIELDS[model];
      const parent = parentField ? nameOf(parentField[1], f[parentField[0]]) : null;
      items.push({
        name,
        ...(f.description !== undefined ? { description: str(f.description) } : {}),
        ...(typeof f.order === 'number' ? { position: f.order } : {}),
        ...(parentField ? { parent } : {}),
        ...(Object.keys(extra).length > 0 ? { extra } : {}),
      });
      dispositions.set(r, { key: keys.reference(list, name) });
    }
    if (items.length > 0) content.referenceLists[list] = items;
  }
  const listName = (model: string, pk: unknown): string | null => nameOf(model, pk);

  // Components: the name becomes a valid entity name; the original is the title.
  const componentName = new Map<string, string>();
  const taken = new Set<string>();
  const componentRecords = [...(byModel.get('panopticum.componentmodel')?.values() ?? [])];
  for (const r of componentRecords) {
    const f = r.fields;
    const title = str(f.name).trim();
    const name = slugify(title || `component-${String(r.pk)}`, taken);
    componentName.set(String(r.pk), name);
    const status = str(f.life_status).trim().toLowerCase();
    let lifecycle: Lifecycle = 'unknown';
    if ((LIFECYCLES as readonly string[]).includes(status)) lifecycle = status as Lifecycle;
    else if (status)
      note(
        r,
        'changed',
        `life_status "${status}" is not an Argus lifecycle; imported as "unknown"`,
      );
    content.components.push({
      name,
      title,
      description: str(f.description),
      lifecycle,
      type: listName('panopticum.componenttype', f.type),
      category: listName('panopticum.componentcategorymodel', f.category),
      subcategory: listName('panopticum.componentsubcategorymodel', f.subcategory),
      vendor: listName('panopticum.softwarevendormodel', f.vendor),
      privacyClass: listName('panopticum.componentdataprivacyclassmodel', f.data_privacy_class),
      ...(f.locations !== undefined
        ? {
            locationClasses: ids(f.locations)
              .map((pk) => listName('panopticum.deploymentlocationclassmodel', pk))
              .filter((n): n is string => n !== null),
          }
        : {}),
    });
    dispositions.set(r, { key: keys.component('default', name) });
  }

  // Versions with their people, development and QA facts.
  const versionOf = new Map<string, { component: string; version: string }>();
  /** Why a version named by deployments and statuses is not there, when it was skipped. */
  const versionSkipped = new Map<string, string>();
  const missingVersion = (pk: unknown) =>
    versionSkipped.get(String(pk)) ?? 'its component version is not in the file';
  for (const r of byModel.get('panopticum.componentversionmodel')?.values() ?? []) {
    const f = r.fields;
    const component = componentName.get(String(f.component));
    if (!component) {
      skip(r, `its component ${JSON.stringify(f.component)} is not in the file`);
      continue;
    }
    if (f.deleted === true) {
      skip(r, 'is marked deleted in Panopticum');
      continue;
    }
    const version = str(f.version).trim() || '0';
    const problem = versionProblem(version);
    if (problem) {
      // Argus refuses such a version through its API; an import does not bring one in either.
      skip(r, `version "${version}" of ${component} is not a version: it ${problem}`);
      versionSkipped.set(
        String(r.pk),
        `its component version "${version}" was skipped (not a version)`,
      );
      continue;
    }
    versionOf.set(String(r.pk), { component, version });
    const people: Partial<Record<VersionRole, string[]>> = {};
    for (const [field, role] of ROLE_FIELDS) {
      const pks = ids(f[field]);
      if (f[field] !== undefined) people[role] = [...new Set(pks.map(personOf))];
    }
    const doc: VersionDoc = {
      component: `default/${component}`,
      version,
      releaseNotes: str(f.comments),
      people,
    };
    for (const [field, target, model] of FACT_FIELDS) {
      if (f[field] !== undefined)
        doc[target] = ids(f[field])
          .map((pk) => listName(model, pk))
          .filter((n): n is string => n !== null);
    }
    const devLinks: NonNullable<VersionDoc['devLinks']> = {};
    for (const [field, target] of DEV_LINK_FIELDS) {
      const url = link(r, field);
      if (url) devLinks[target] = url;
    }
    doc.devLinks = devLinks;
    const qa: NonNullable<VersionDoc['qa']> = {};
    for (const kind of QA_KINDS) {
      const rating = str(f[`qa_${kind}_tests_status`]).trim().toLowerCase();
      if (!rating) continue;
      if (!(QA_RATINGS as readonly string[]).includes(rating)) {
        note(
          r,
          'changed',
          `qa_${kind}_tests_status "${rating}" is not a QA rating; imported as "unknown"`,
        );
      }
      qa[kind] = {
        rating: (QA_RATINGS as readonly string[]).includes(rating)
          ? (rating as (typeof QA_RATINGS)[number])
          : 'unknown',
        notes: str(f[`qa_${kind}_tests_notes`]),
      };
    }
    doc.qa = qa;
    content.versions.push(doc);
    dispositions.set(r, { key: keys.version(keys.component('default', component), version) });
  }

  for (const r of byModel.get('panopticum.componentdependencymodel')?.values() ?? []) {
    const f = r.fields;
    const from = versionOf.get(String(f.version));
    const to = componentName.get(String(f.component));
    if (!from || !to) {
      skip(r, from ? 'its component is not in the file' : missingVersion(f.version));
      continue;
    }
    let type = str(f.type).trim().toLowerCase() as DependencyType;
    if (!(DEPENDENCY_TYPES as readonly string[]).includes(type)) {
      note(r, 'changed', `type "${type}" is unknown; imported as "strong_rw"`);
      type = 'strong_rw';
    }
    content.dependencies.push({
      from: `default/${from.component}`,
      fromVersion: from.version,
      to: `default/${to}`,
      type,
      notes: str(f.notes),
    });
    dispositions.set(r, {
      key: keys.dependency(
        keys.component('default', from.component),
        from.version,
        keys.component('default', to),
      ),
    });
  }

  for (const r of byModel.get('panopticum.componentdeploymentmodel')?.values() ?? []) {
    const f = r.fields;
    const version = versionOf.get(String(f.component_version));
    if (!version) {
      skip(r, missingVersion(f.component_version));
      continue;
    }
    const name = str(f.name).trim();
    const notes = str(f.notes);
    const deployment = {
      component: `default/${version.component}`,
      version: version.version,
      environment: listName('panopticum.deploymentenvironmentmodel', f.environment),
      locationClass: listName('panopticum.deploymentlocationclassmodel', f.location_class),
      productVersion: listName('panopticum.productversionmodel', f.product_version),
      runtime: listName('panopticum.componentruntimetypemodel', f.runtime),
      serviceName: str(f.service_name),
      binaryName: str(f.binary_name),
      openPorts: ids(f.open_ports)
        .map((pk) => {
          const port = lookup('panopticum.tcpportmodel', pk);
          return Number(port?.fields.port ?? port?.fields.name ?? pk);
        })
        .filter((p) => Number.isInteger(p) && p >= 1 && p <= 65535),
      // Argus deployments have no name of their own: Panopticum's name leads the notes.
      notes: name ? (notes ? `${name}\n\n${notes}` : name) : notes,
    };
    content.deployments.push(deployment);
    const versionKey = keys.version(keys.component('default', version.component), version.version);
    dispositions.set(r, { key: keys.deployment(versionKey, deployment) });
  }

  // Requirements, sets, and statuses.
  const titleOf = new Map<string, string>();
  for (const r of byModel.get('panopticum.requirement')?.values() ?? []) {
    const title = str(r.fields.title).trim();
    if (!title) {
      skip(r, 'has no title');
      continue;
    }
    titleOf.set(String(r.pk), title);
    content.requirements.push({ title, description: str(r.fields.description) });
    dispositions.set(r, { key: keys.requirement(title) });
  }
  const sets = [...(byModel.get('panopticum.requirementset')?.values() ?? [])].sort(
    (a, b) => Number(a.pk) - Number(b.pk),
  );
  sets.forEach((r, index) => {
    const f = r.fields;
    const name = str(f.name).trim();
    const reviewerTeams = ids(f.owner_groups)
      .map((pk) => {
        const team = groupNames.get(String(pk));
        if (!team)
          note(
            r,
            'changed',
            `owner group ${JSON.stringify(pk)} is not in the file; left out of the reviewer teams`,
          );
        return team;
      })
      .filter((t): t is string => t !== undefined);
    content.requirementSets.push({
      name,
      description: str(f.description),
      docLink: link(r, 'doc_link'),
      // Sets without a display slot of their own are shown in file order.
      position:
        typeof f.order === 'number'
          ? f.order
          : typeof f.position === 'number'
            ? f.position
            : index + 1,
      ...(f.owner_groups !== undefined ? { reviewerTeams } : {}),
      requirements: ids(f.requirements)
        .map((pk) => titleOf.get(String(pk)))
        .filter((t): t is string => t !== undefined),
    });
    dispositions.set(r, { key: keys.requirementSet(name) });
  });
  const sides = new Map<string, 'owner' | 'reviewer' | 'overall' | null>();
  for (const r of byModel.get('panopticum.requirementstatustype')?.values() ?? []) {
    const name = str(r.fields.owner ?? r.fields.name);
    const side = statusSide(name);
    sides.set(String(r.pk), side);
    if (side === null)
      skip(r, `status type "${name}" is not owner, reviewer or overall; its entries are skipped`);
    else skip(r, `status type "${name}" is built into Argus (${side})`);
  }
  const statusNames = new Map<string, string>();
  for (const r of byModel.get('panopticum.requirementstatus')?.values() ?? []) {
    statusNames.set(String(r.pk), str(r.fields.name));
    skip(r, 'statuses are built into Argus');
  }
  for (const r of byModel.get('panopticum.requirementstatusentry')?.values() ?? []) {
    const f = r.fields;
    const side = sides.get(String(f.type));
    const version = versionOf.get(String(f.component_version));
    const title = titleOf.get(String(f.requirement));
    const statusName = statusNames.get(String(f.status)) ?? '';
    if (side === 'overall') {
      // Argus derives its own; the file's goes along so the report can say where they differ.
      if (version && title && statusName)
        content.requirementStatuses.push({
          component: `default/${version.component}`,
          version: version.version,
          requirement: title,
          overall: statusName,
        });
      skip(r, 'the overall status is derived in Argus');
      continue;
    }
    if (!side || !version || !title) {
      skip(
        r,
        !side
          ? 'its status type is unknown'
          : !version
            ? missingVersion(f.component_version)
            : 'its requirement is not in the file',
      );
      continue;
    }
    const base = {
      component: `default/${version.component}`,
      version: version.version,
      requirement: title,
    };
    const versionKey = keys.version(keys.component('default', version.component), version.version);
    if (side === 'owner') {
      const status = ownerStatus(statusName);
      if (!status) {
        skip(r, `"${statusName}" is not an owner status (unknown, not ready, ready, n/a)`);
        continue;
      }
      content.requirementStatuses.push({ ...base, ownerStatus: status, ownerNotes: str(f.notes) });
    } else {
      const status = reviewerStatus(statusName);
      if (!status) {
        skip(
          r,
          `"${statusName}" is not a reviewer sign-off (unknown, not ready = rejected, ready = approved)`,
        );
        continue;
      }
      content.requirementStatuses.push({
        ...base,
        reviewerStatus: status,
        reviewerNotes: str(f.notes),
      });
    }
    dispositions.set(r, { key: keys.status(versionKey, keys.requirement(title)) });
  }

  // The tech radar; history rows are the timeline of ring changes.
  const quadrantName = (pk: unknown) => nameOf('panopticum.techradarquadrant', pk);
  const ringName = (pk: unknown) => nameOf('panopticum.techradarring', pk);
  for (const r of byModel.get('panopticum.techradarquadrant')?.values() ?? []) {
    const f = r.fields;
    content.radar.quadrants.push({
      name: str(f.name).trim(),
      position: Number(f.position ?? 0),
      description: str(f.description),
    });
    dispositions.set(r, { key: keys.quadrant(str(f.name)) });
  }
  for (const r of byModel.get('panopticum.techradarring')?.values() ?? []) {
    const f = r.fields;
    content.radar.rings.push({
      name: str(f.name).trim(),
      position: Number(f.position ?? 0),
      description: str(f.description),
      color: str(f.color),
    });
    dispositions.set(r, { key: keys.ring(str(f.name)) });
  }
  const entries = new Map<string, RadarEntryDoc & { currentRing: string | null }>();
  for (const r of byModel.get('panopticum.techradarentry')?.values() ?? []) {
    const f = r.fields;
    const quadrant = quadrantName(f.quadrant);
    const label = str(f.label).trim();
    if (!quadrant || !label) {
      skip(
        r,
        !label ? 'has no label' : `its quadrant ${JSON.stringify(f.quadrant)} is not in the file`,
      );
      continue;
    }
    const entry = {
      label,
      quadrant,
      description: str(f.description),
      link: link(r, 'link'),
      active: f.active !== false,
      history: [],
      currentRing: ringName(f.ring),
    };
    entries.set(String(r.pk), entry);
    dispositions.set(r, { key: keys.radarEntry(label) });
  }
  let newestDate = '';
  for (const r of byModel.get('panopticum.historicaltechradarentry')?.values() ?? []) {
    const f = r.fields;
    const entry = entries.get(String(f.id));
    const ring = ringName(f.ring);
    const date = new Date(str(f.history_date));
    if (!entry || !ring || Number.isNaN(date.getTime())) {
      skip(
        r,
        !entry
          ? `its entry ${JSON.stringify(f.id)} is not in the file`
          : !ring
            ? 'its ring is not in the file'
            : 'has no valid history_date',
      );
      continue;
    }
    const iso = date.toISOString();
    if (iso > newestDate) newestDate = iso;
    const note = str(f.history_change_reason).trim() || HISTORY_TYPES[str(f.history_type)] || '';
    const history = entry.history!;
    const same = history.find((h) => h.date === iso);
    if (same) Object.assign(same, { ring, note });
    else history.push({ ring, date: iso, note });
    dispositions.set(r, { key: keys.radarHistory(keys.radarEntry(entry.label), date) });
  }
  for (const { currentRing, ...entry } of entries.values()) {
    const history = entry.history!.sort((a, b) => (a.date < b.date ? -1 : 1));
    const last = history[history.length - 1];
    // The current ring is the newest history row: add one when the history ends elsewhere.
    if (currentRing && (!last || last.ring.toLowerCase() !== currentRing.toLowerCase())) {
      const date = last
        ? new Date(new Date(last.date).getTime() + 1000).toISOString()
        : newestDate || '1970-01-01T00:00:00.000Z';
      history.push({ ring: currentRing, date, note: 'current ring in Panopticum' });
    }
    content.radar.entries.push(entry);
  }

  const mapped: PanopticumMapping['records'] = records.map((r) => ({
    model: r.model,
    disposition: dispositions.get(r) ?? {
      skipped: `model ${r.model} is not known to the importer`,
    },
  }));
  const unknown = [...new Set(records.filter((r) => !dispositions.has(r)).map((r) => r.model))];
  for (const model of unknown)
    warnings.push(`model ${model} is not known to the importer: its records were skipped`);
  return { content, records: mapped, placeholders, notes, warnings };
}

export async function importPanopticum(
  db: Db,
  bus: EventBus,
  ctx: RequestContext,
  input: Buffer | string,
  options: ImportOptions = {},
): Promise<ImportReport> {
  const started = Date.now();
  checkSize(input, options.maxBytes);
  options.onProgress?.(0, 1, 'reading');
  const records = readRecords(parseJson(input));
  const mapping = mapPanopticum(records);
  const source = options.source ?? 'upload';
  const result = await importContent(db, bus, ctx, mapping.content, {
    source,
    onProgress: options.onProgress,
  });
  const counter = new ModelCounter();
  for (const { model, disposition } of mapping.records) {
    counter.add(model, 'read');
    if ('skipped' in disposition) counter.add(model, 'skipped');
    else counter.add(model, result.outcomes.get(disposition.key) ?? 'skipped');
  }
  for (const username of mapping.placeholders) {
    counter.add('placeholder people', result.outcomes.get(keys.person(username)) ?? 'skipped');
  }
  return {
    format: 'panopticum',
    source,
    models: counter.list(),
    records: [...mapping.notes, ...result.notes],
    warnings: [...mapping.warnings, ...result.warnings],
    durationMs: Date.now() - started,
  };
}
