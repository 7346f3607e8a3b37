import type { Db } from '../../platform/db.js';
import type { FieldProblem, Invalid } from '../../platform/errors.js';
import { readCatalogNames } from '../bulk/names.js';
import {
  DEPENDENCY_TYPES,
  type DependencyType,
  isEntityName,
  LIFECYCLES,
  type Lifecycle,
  linkProblem,
  type VersionRole,
} from '../contract.js';
import { parseOwner } from '../owners.js';
import { componentRefOf } from '../refs.js';
import { versionProblem } from '../semver.js';
import { type ComponentDoc, emptyContent, type VersionDoc } from './document.js';
import { invalidInput } from './errors.js';
import { keys } from './keys.js';
import { COLUMNS, type Column, SEPARATOR, type SheetRow } from './sheet-table.js';

/**
 * Checking spreadsheet rows and turning them into an Argus document: each row alone, then the
 * rows of one component together, then dependency targets; every problem names row and column.
 */

/** Columns a person fills per version, and the role or field they hold. */
const ROLE_COLUMNS: [Column, VersionRole][] = [
  ['Maintainer', 'maintainer'],
  ['QA', 'qa_lead'],
  ['PM', 'product_manager'],
  ['Architect', 'architect'],
];
const FACT_COLUMNS: [Column, 'languages' | 'frameworks' | 'databases' | 'loggers'][] = [
  ['Language', 'languages'],
  ['Framework', 'frameworks'],
  ['DB', 'databases'],
  ['Logging', 'loggers'],
];
const LINK_COLUMNS: [Column, 'repository' | 'docs' | 'api_spec'][] = [
  ['Repo', 'repository'],
  ['Docs', 'docs'],
  ['API spec', 'api_spec'],
];
/** Component fields: every row of a component must agree on those it fills. */
const COMPONENT_COLUMNS: Column[] = [
  'Category',
  'Sub-Category',
  'Vendor',
  'Type',
  'Description',
  'Lifecycle',
  'Owner',
  'Deployment Location',
  'Tags',
];
const VERSION_COLUMNS: Column[] = [
  ...ROLE_COLUMNS.map(([c]) => c),
  ...FACT_COLUMNS.map(([c]) => c),
  ...LINK_COLUMNS.map(([c]) => c),
  'Ports',
];

const split = (cell: string | undefined): string[] =>
  cell === undefined
    ? []
    : [
        ...new Set(
          cell
            .split(/\s*[,;\n]\s*/)
            .map((s) => s.trim())
            .filter((s) => s !== ''),
        ),
      ];

interface Dependency {
  key: string;
  ref: string;
  type: DependencyType;
}

interface RowPlan {
  row: number;
  componentKey: string;
  namespace: string;
  name: string;
  version: string | null;
  cells: Partial<Record<Column, string>>;
  component: ComponentDoc;
  versionDoc: VersionDoc | null;
  dependencies: Dependency[];
  ports: number[] | null;
}

/** Teams, people and components that exist, to check references against. */
export interface Directory {
  teams: Map<string, string>;
  people: Map<string, string>;
  components: Set<string>;
}

export async function loadDirectory(db: Db): Promise<Directory> {
  const names = await readCatalogNames(db);
  const byPerson = new Map<string, string>();
  const emails = new Map<string, string[]>();
  for (const p of names.people) {
    byPerson.set(p.username.toLowerCase(), p.username);
    if (p.email)
      emails.set(p.email.toLowerCase(), [...(emails.get(p.email.toLowerCase()) ?? []), p.username]);
  }
  // An email names a person only when exactly one person has it.
  for (const [email, names] of emails)
    if (names.length === 1 && !byPerson.has(email)) byPerson.set(email, names[0]!);
  return {
    teams: new Map(names.teams.map((t) => [t.name.toLowerCase(), t.name])),
    people: byPerson,
    components: new Set(names.components.map((c) => keys.component(c.namespace, c.name))),
  };
}

const LIFECYCLE_ALIASES: Record<string, Lifecycle> = {
  production: 'mature',
  prod: 'mature',
  'end of life': 'eol',
  'end of support': 'eos',
};

/** Checks one row on its own; cross-row checks come after. */
function planRow(
  r: SheetRow,
  dir: Directory,
  problem: (column: Column, reason: string) => void,
): RowPlan | null {
  const c = r.cells;
  const nameCell = c.Name;
  // A bad name still lets the other cells be checked, so one pass reports all of a row.
  let ref = nameCell ? componentRefOf(nameCell) : null;
  if (!nameCell) {
    problem('Name', 'empty: every row names a component');
  } else if (!ref || !isEntityName(ref.name) || !isEntityName(ref.namespace)) {
    problem(
      'Name',
      `"${nameCell}" is not a valid name: letters and digits joined by -, _ or . (at most 63), optionally namespace/name`,
    );
    ref = null;
  }
  const named = ref ?? { namespace: 'default', name: '' };
  const componentKey = keys.component(named.namespace, named.name);
  const version = c.Version ?? null;
  if (version !== null && version.length > 100) problem('Version', 'longer than 100 characters');
  else if (version !== null) {
    const notVersion = versionProblem(version);
    if (notVersion) problem('Version', `"${version}" is not a version: it ${notVersion}`);
  }
  const component: ComponentDoc = { namespace: named.namespace, name: named.name };
  if (c.Category) component.category = c.Category;
  if (c['Sub-Category']) component.subcategory = c['Sub-Category'];
  if (c.Vendor) component.vendor = c.Vendor;
  if (c.Type) component.type = c.Type;
  if (c.Description) {
    if (c.Description.length > 100_000) problem('Description', 'longer than 100,000 characters');
    component.description = c.Description;
  }
  if (c.Lifecycle) {
    const text = c.Lifecycle.toLowerCase();
    const lifecycle = (LIFECYCLES as readonly string[]).includes(text)
      ? (text as Lifecycle)
      : LIFECYCLE_ALIASES[text];
    if (!lifecycle)
      problem(
        'Lifecycle',
        `"${c.Lifecycle}" is not a lifecycle; use one of ${LIFECYCLES.join(', ')}`,
      );
    else component.lifecycle = lifecycle;
  }
  if (c.Owner) {
    // A team by name (or group:name), a person as user:<username> (what the export writes).
    const owner = parseOwner(c.Owner);
    if (owner.kind === 'person') {
      const username = dir.people.get(owner.name.toLowerCase());
      if (!username)
        problem('Owner', `no person "${owner.name}" in Argus (a username or an email)`);
      else component.owner = `user:${username}`;
    } else {
      const team = dir.teams.get(owner.name.toLowerCase());
      if (!team) problem('Owner', `no team "${c.Owner}" in Argus (create the team first)`);
      else component.owner = team;
    }
  }
  if (c['Deployment Location']) component.locationClasses = split(c['Deployment Location']);
  if (c.Tags) {
    const tags = split(c.Tags).map((t) => t.toLowerCase());
    const bad = tags.filter((t) => !/^[a-z0-9:+#.-]{1,63}$/.test(t));
    if (bad.length > 0)
      problem('Tags', `${bad.map((t) => `"${t}"`).join(', ')}: tags are 1-63 of a-z 0-9 : + # . -`);
    component.tags = tags;
  }

  let versionDoc: VersionDoc | null = null;
  if (version !== null) {
    versionDoc = { component: `${named.namespace}/${named.name}`, version };
    const roles: Partial<Record<VersionRole, string[]>> = {};
    for (const [column, role] of ROLE_COLUMNS) {
      if (!c[column]) continue;
      const names = split(c[column]).map((u) => {
        const username = dir.people.get(u.toLowerCase());
        if (!username) problem(column, `no person "${u}" in Argus (a username or an email)`);
        return username ?? u;
      });
      roles[role] = names;
    }
    if (Object.keys(roles).length > 0) versionDoc.people = roles;
    for (const [column, field] of FACT_COLUMNS) if (c[column]) versionDoc[field] = split(c[column]);
    const links: Partial<Record<'repository' | 'docs' | 'api_spec', string>> = {};
    for (const [column, link] of LINK_COLUMNS) {
      if (!c[column]) continue;
      const linkFault =
        c[column]!.length > 2000 ? 'longer than 2000 characters' : linkProblem(c[column]!);
      if (linkFault) problem(column, `"${c[column]!.slice(0, 100)}": ${linkFault}`);
      links[link] = c[column];
    }
    if (Object.keys(links).length > 0) versionDoc.devLinks = links;
  } else {
    const given = VERSION_COLUMNS.filter((column) => c[column]);
    for (const column of given)
      problem(column, 'is kept per version: fill in the Version column of this row');
  }

  let ports: number[] | null = null;
  if (c.Ports && version !== null) {
    ports = [];
    for (const p of split(c.Ports)) {
      const n = Number(p);
      if (!/^\d+$/.test(p) || n < 1 || n > 65535)
        problem('Ports', `"${p}" is not a TCP port (1-65535)`);
      else ports.push(n);
    }
    ports = [...new Set(ports)].sort((a, b) => a - b);
  }

  const dependencies: Dependency[] = [];
  for (const item of split(c.Dependency)) {
    const m = /^(.*?)\s*(?:\(\s*([a-z_]+)\s*\))?$/.exec(item)!;
    const target = componentRefOf(m[1]!);
    const type = (m[2] ?? 'strong_rw') as DependencyType;
    if (!target || !isEntityName(target.name)) {
      problem(
        'Dependency',
        `"${item}" is not a component name (name, namespace/name, optionally followed by a type in parentheses)`,
      );
      continue;
    }
    if (!(DEPENDENCY_TYPES as readonly string[]).includes(type)) {
      problem(
        'Dependency',
        `"${m[2]}" in "${item}" is not a dependency type; use one of ${DEPENDENCY_TYPES.join(', ')}`,
      );
      continue;
    }
    const key = keys.component(target.namespace, target.name);
    if (key === componentKey) {
      problem('Dependency', 'a component cannot depend on itself');
      continue;
    }
    dependencies.push({ key, ref: `${target.namespace}/${target.name}`, type });
  }
  if (!ref) return null;
  return {
    row: r.row,
    componentKey,
    namespace: ref.namespace,
    name: ref.name,
    version,
    cells: c,
    component,
    versionDoc,
    dependencies,
    ports,
  };
}

export interface SpreadsheetPlan {
  plans: RowPlan[];
  problems: FieldProblem[];
  skippedRows: Map<number, FieldProblem[]>;
}

/** Checks every row; with `skipInvalid` drops bad rows (and rows that then point at nothing). */
export function checkRows(rows: SheetRow[], dir: Directory, skipInvalid: boolean): SpreadsheetPlan {
  const problemsOf = new Map<number, FieldProblem[]>();
  const add = (row: number, column: Column, reason: string) => {
    problemsOf.set(row, [
      ...(problemsOf.get(row) ?? []),
      { field: `rows[${row}].${column}`, reason },
    ]);
  };
  let plans: RowPlan[] = [];
  for (const r of rows) {
    const plan = planRow(r, dir, (column, reason) => add(r.row, column, reason));
    if (plan) plans.push(plan);
  }
  // Rows of one component must agree on the component's fields; a version appears once.
  const firstValues = new Map<string, Map<Column, { row: number; value: string }>>();
  const versionRow = new Map<string, number>();
  for (const p of plans) {
    let first = firstValues.get(p.componentKey);
    if (!first) {
      first = new Map();
      firstValues.set(p.componentKey, first);
    }
    for (const column of COMPONENT_COLUMNS) {
      const b = p.cells[column];
      if (b === undefined) continue;
      const seen = first.get(column);
      if (!seen) {
        first.set(column, { row: p.row, value: b });
        continue;
      }
      const a = seen.value;
      const same =
        column === 'Description'
          ? a === b
          : split(a).join(SEPARATOR).toLowerCase() === split(b).join(SEPARATOR).toLowerCase();
      if (!same)
        add(
          p.row,
          column,
          `"${b}" differs from row ${seen.row} ("${a}") for the same component: component fields must agree on every row`,
        );
    }
    const vKey = `${p.componentKey}@${p.version ?? ''}`;
    const seen = versionRow.get(vKey);
    if (seen !== undefined)
      add(
        p.row,
        p.version === null ? 'Name' : 'Version',
        `row ${seen} already has ${p.version === null ? 'this component without a version' : `version "${p.version}" of this component`}`,
      );
    else versionRow.set(vKey, p.row);
  }
  const skippedRows = new Map<number, FieldProblem[]>();
  const drop = () => {
    if (!skipInvalid) return;
    plans = plans.filter((p) => {
      const problems = problemsOf.get(p.row);
      if (problems) skippedRows.set(p.row, problems);
      return !problems;
    });
  };
  drop();
  // Dependency targets must exist: in the file or in Argus. Skipping a row may orphan others.
  for (let changed = true; changed; ) {
    changed = false;
    const inFile = new Set(plans.map((p) => p.componentKey));
    for (const p of plans) {
      for (const d of p.dependencies) {
        if (!inFile.has(d.key) && !dir.components.has(d.key)) {
          add(
            p.row,
            'Dependency',
            `no component "${d.ref.replace(/^default\//, '')}" in the file or in Argus`,
          );
          changed = skipInvalid;
        }
      }
    }
    if (changed) drop();
  }
  // By row, then in the order of the columns.
  const columnIndex = (p: FieldProblem) =>
    COLUMNS.indexOf(p.field.slice(p.field.indexOf('.') + 1) as Column);
  const problems = [...problemsOf.entries()]
    .sort(([a], [b]) => a - b)
    .flatMap(([, list]) => [...list].sort((x, y) => columnIndex(x) - columnIndex(y)));
  if (skipInvalid)
    for (const [row, list] of problemsOf) if (!skippedRows.has(row)) skippedRows.set(row, list);
  return { plans, problems: skipInvalid ? [] : problems, skippedRows };
}

/** Row numbers of each entity in the document, to name rows in problems found while writing. */
export interface RowIndex {
  components: number[];
  versions: number[];
  dependencies: number[];
  deployments: number[];
}

export function buildContent(plans: RowPlan[], ports: Map<string, number[]>) {
  const content = emptyContent();
  const index: RowIndex = { components: [], versions: [], dependencies: [], deployments: [] };
  const byComponent = new Map<string, RowPlan[]>();
  for (const p of plans)
    byComponent.set(p.componentKey, [...(byComponent.get(p.componentKey) ?? []), p]);
  for (const [, rows] of byComponent) {
    const merged: ComponentDoc = { namespace: rows[0]!.namespace, name: rows[0]!.name };
    for (const p of rows)
      for (const [k, v] of Object.entries(p.component))
        if ((merged as Record<string, unknown>)[k] === undefined)
          (merged as Record<string, unknown>)[k] = v;
    content.components.push(merged);
    index.components.push(rows[0]!.row);
    for (const p of rows) {
      if (!p.versionDoc) continue;
      content.versions.push(p.versionDoc);
      index.versions.push(p.row);
      if (p.ports) {
        const vKey = keys.version(p.componentKey, p.version!);
        const known = ports.get(vKey);
        if (!known || known.join(',') !== p.ports.join(',')) {
          content.deployments.push({
            component: p.versionDoc.component,
            version: p.version!,
            openPorts: p.ports,
          });
          index.deployments.push(p.row);
        }
      }
    }
    // A dependency on every row of a component is the component's; on some rows, those versions'.
    const versioned = rows.filter((p) => p.version !== null);
    const unversioned = rows.filter((p) => p.version === null);
    const targets = new Map<string, Dependency>();
    for (const p of rows)
      for (const d of p.dependencies) if (!targets.has(d.key)) targets.set(d.key, d);
    for (const [key, d] of targets) {
      const listing = versioned.filter((p) =>
        p.dependencies.some((x) => x.key === key && x.type === d.type),
      );
      const wide =
        unversioned.some((p) => p.dependencies.some((x) => x.key === key)) ||
        (versioned.length > 0 && listing.length === versioned.length);
      const from = `${rows[0]!.namespace}/${rows[0]!.name}`;
      if (wide) {
        content.dependencies.push({ from, to: d.ref, type: d.type });
        index.dependencies.push((unversioned[0] ?? listing[0])!.row);
        continue;
      }
      for (const p of versioned) {
        const own = p.dependencies.find((x) => x.key === key);
        if (!own) continue;
        content.dependencies.push({ from, fromVersion: p.version, to: own.ref, type: own.type });
        index.dependencies.push(p.row);
      }
    }
  }
  return { content, index };
}

const COMPONENT_FIELD_COLUMNS: Record<string, Column> = {
  name: 'Name',
  namespace: 'Name',
  category: 'Category',
  subcategory: 'Sub-Category',
  vendor: 'Vendor',
  type: 'Type',
  description: 'Description',
  lifecycle: 'Lifecycle',
  owner: 'Owner',
  locationClasses: 'Deployment Location',
  tags: 'Tags',
};
const VERSION_FIELD_COLUMNS: Record<string, Column> = {
  component: 'Name',
  version: 'Version',
  languages: 'Language',
  frameworks: 'Framework',
  databases: 'DB',
  loggers: 'Logging',
  'devLinks.repository': 'Repo',
  'devLinks.docs': 'Docs',
  'devLinks.api_spec': 'API spec',
  'people.maintainer': 'Maintainer',
  'people.qa_lead': 'QA',
  'people.product_manager': 'PM',
  'people.architect': 'Architect',
};

/** Names rows and columns in problems the writer found in the document built from them. */
export function toRowProblems(error: Invalid, index: RowIndex): Invalid {
  const problems = error.problems.map((p) => {
    const m = /^(components|versions|dependencies|deployments)\[(\d+)\](?:\.(.*))?$/.exec(p.field);
    if (!m) return p;
    const row = index[m[1] as keyof RowIndex][Number(m[2])];
    const rest = (m[3] ?? '').replace(/\[\d+\]$/, '');
    let column: Column = 'Name';
    if (m[1] === 'components') column = COMPONENT_FIELD_COLUMNS[rest.split('.')[0]!] ?? 'Name';
    else if (m[1] === 'versions')
      column =
        VERSION_FIELD_COLUMNS[rest] ?? VERSION_FIELD_COLUMNS[rest.split('.')[0]!] ?? 'Version';
    else if (m[1] === 'dependencies') column = 'Dependency';
    else column = 'Ports';
    return { field: `rows[${row}].${column}`, reason: p.reason };
  });
  return invalidInput(problems);
}
