/**
 * Imports a generated spreadsheet of N rows (default 100,000: one component version per row,
 * owners, people, languages, tags, ports and dependencies on earlier components) into a fresh
 * embedded database and prints rows per second.
 *
 *   node --import tsx bench/import-xlsx.ts [rows] [versions-per-component]
 *
 * Besides wall time it prints the CPU time of the process, which says more on a busy machine.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { importContent } from '../src/catalog/transfer/apply.js';
import { emptyContent } from '../src/catalog/transfer/document.js';
import { COLUMNS, importSpreadsheet } from '../src/catalog/transfer/spreadsheet.js';
import { InProcessBus } from '../src/platform/bus.js';
import { systemContext } from '../src/platform/context.js';
import { openDatabase } from '../src/platform/db.js';

const rows = Number(process.argv[2] ?? 100_000);
const perComponent = Number(process.argv[3] ?? 1);
const TEAMS = 20;
const PEOPLE = 100;
const LANGUAGES = ['Go', 'Java', 'Kotlin', 'Python', 'TypeScript', 'Rust'];
const LIFECYCLES = ['new', 'mature', 'legacy', 'experimental'];

async function generate(): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise((resolve) => out.on('end', resolve));
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useSharedStrings: false,
    useStyles: false,
  });
  const sheet = workbook.addWorksheet('Catalog');
  sheet.addRow([...COLUMNS]).commit();
  for (let i = 0; i < rows; i++) {
    const c = Math.floor(i / perComponent);
    const v = i % perComponent;
    const deps =
      c > 0 ? [`svc-${c - 1}`, ...(c > 10 ? [`svc-${c - 10} (weak_ro)`] : [])].join(', ') : '';
    const cells: Record<string, string> = {
      Name: `svc-${c}`,
      Version: `1.${v}.0`,
      Category: `Category ${c % 12}`,
      'Sub-Category': '',
      Vendor: 'Example Corp',
      Type: c % 5 === 0 ? 'library' : 'service',
      Description: `Generated service number ${c}`,
      Lifecycle: LIFECYCLES[c % LIFECYCLES.length]!,
      Owner: `team-${c % TEAMS}`,
      Maintainer: `person-${c % PEOPLE}`,
      QA: `person-${(c + 7) % PEOPLE}`,
      PM: '',
      Architect: '',
      Language: LANGUAGES[c % LANGUAGES.length]!,
      Framework: '',
      DB: c % 3 === 0 ? 'PostgreSQL' : '',
      Logging: '',
      Repo: `https://git.example.com/svc-${c}`,
      Docs: '',
      'API spec': '',
      Dependency: deps,
      'Deployment Location': 'Cloud',
      Ports: '8080',
      Tags: `tier-${c % 3}, generated`,
    };
    sheet.addRow(COLUMNS.map((col) => cells[col] ?? '')).commit();
  }
  sheet.commit();
  await workbook.commit();
  await ended;
  return Buffer.concat(chunks);
}

let t = Date.now();
const file = await generate();
process.stdout.write(
  `generated ${rows.toLocaleString('en')} rows (${(file.length / 1024 / 1024).toFixed(1)} MB) in ${((Date.now() - t) / 1000).toFixed(1)} s\n`,
);

// On disk in a temporary folder, as `argus serve` keeps its embedded database (BENCH_DATA_DIR=memory
// keeps it in memory instead, which PGlite makes slower for large writes).
const dataDir = process.env.BENCH_DATA_DIR ?? (await mkdtemp(join(tmpdir(), 'argus-bench-')));
const database = await openDatabase(dataDir === 'memory' ? {} : { dataDir });
await database.migrate();
const bus = new InProcessBus();
const ctx = systemContext('bench');
const directory = emptyContent();
for (let i = 0; i < PEOPLE; i++)
  directory.people.push({ username: `person-${i}`, name: `Person ${i}` });
for (let i = 0; i < TEAMS; i++)
  directory.teams.push({ name: `team-${i}`, members: [`person-${i}`] });
await importContent(database.db, bus, ctx, directory, { source: 'bench' });

let lastPhase = '';
t = Date.now();
const cpu = process.cpuUsage();
const report = await importSpreadsheet(database.db, bus, ctx, file, {
  source: 'bench.xlsx',
  maxBytes: 200 * 1024 * 1024,
  onProgress: (_done, _total, phase) => {
    if (phase !== lastPhase) {
      process.stdout.write(`  ${((Date.now() - t) / 1000).toFixed(1)} s ${phase}\n`);
      lastPhase = phase;
    }
  },
});
const seconds = (Date.now() - t) / 1000;
const used = process.cpuUsage(cpu);
for (const m of report.models)
  process.stdout.write(
    `  ${m.model.padEnd(28)} read ${m.read} created ${m.created} updated ${m.updated} skipped ${m.skipped}\n`,
  );
process.stdout.write(
  `imported ${rows.toLocaleString('en')} rows in ${seconds.toFixed(1)} s (CPU ${((used.user + used.system) / 1e6).toFixed(1)} s): ` +
    `${Math.round(rows / seconds).toLocaleString('en')} rows/s\n`,
);
await database.close();
if (!process.env.BENCH_DATA_DIR) await rm(dataDir, { recursive: true, force: true });
