// Filter language benchmark: a typical 3-clause filter over 1M in-memory resources, compiled
// with compilePredicate, against a hand-written closure doing the same test in the same run.
//
//   node --import tsx bench/dsl.ts [records]
import {
  compilePredicate,
  type PanoptesResource,
  parseFilter,
  resourceFields,
} from '../src/dsl/index.js';

const COUNT = Number(process.argv[2] ?? 1_000_000);
const ROUNDS = 9;
const FILTER =
  'resource_class = "network" AND resource_site IN ("dc1", "dc2") AND resource_metadata.make LIKE "arista%"';

function generate(count: number): PanoptesResource[] {
  const classes = ['network', 'system', 'storage'];
  const makes = ['Arista', 'Cisco', 'Juniper', 'Dell', 'arista-clone'];
  const records: PanoptesResource[] = [];
  // A fixed linear congruential sequence: the same records on every run.
  let seed = 42;
  const next = (n: number) => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed % n;
  };
  for (let i = 0; i < count; i++) {
    const metadata: Record<string, string> = { _resource_ttl: '604800', model: `m${next(50)}` };
    // One in ten has no make: the filter's third clause is then unknown.
    if (next(10) > 0) metadata.make = makes[next(makes.length)] as string;
    records.push({
      resource_id: `r${i}`,
      resource_site: `dc${next(5) + 1}`,
      resource_class: classes[next(classes.length)],
      resource_subclass: 'host',
      resource_type: 'generic',
      resource_endpoint: `10.${next(256)}.${next(256)}.${next(256)}`,
      resource_plugin: 'discovery',
      resource_creation_timestamp: 1_512_629_517 + i,
      resource_metadata: metadata,
    });
  }
  return records;
}

/** What an engineer would write by hand for the same filter. */
function handWritten(r: PanoptesResource): boolean {
  const metadata = r.resource_metadata as Record<string, unknown> | undefined;
  const make = metadata?.make;
  return (
    r.resource_class === 'network' &&
    (r.resource_site === 'dc1' || r.resource_site === 'dc2') &&
    typeof make === 'string' &&
    /^arista/i.test(make)
  );
}

// One loop per contender, so neither call site sees the other's function.
function countHandWritten(records: PanoptesResource[]): number {
  let count = 0;
  for (let i = 0; i < records.length; i++) if (handWritten(records[i] as PanoptesResource)) count++;
  return count;
}

function countCompiled(
  records: PanoptesResource[],
  test: (r: PanoptesResource) => boolean,
): number {
  let count = 0;
  for (let i = 0; i < records.length; i++) if (test(records[i] as PanoptesResource)) count++;
  return count;
}

function seconds(run: () => number): { seconds: number; matches: number } {
  const started = process.hrtime.bigint();
  const matches = run();
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, matches };
}

const records = generate(COUNT);
const compileStarted = process.hrtime.bigint();
const predicate = compilePredicate(parseFilter(FILTER), resourceFields);
const compileMicros = Number(process.hrtime.bigint() - compileStarted) / 1e3;

console.log(`filter: ${FILTER}`);
console.log(
  `records: ${COUNT}, best of ${ROUNDS} rounds, parse + compile ${compileMicros.toFixed(0)} µs`,
);
// Rounds alternate and the best of each counts, so a busy machine slows both alike.
let baselineBest = Number.POSITIVE_INFINITY;
let compiledBest = Number.POSITIVE_INFINITY;
let baselineMatches = 0;
let compiledMatches = 0;
for (let round = 0; round < ROUNDS; round++) {
  const baseline = seconds(() => countHandWritten(records));
  const compiled = seconds(() => countCompiled(records, predicate));
  baselineBest = Math.min(baselineBest, baseline.seconds);
  compiledBest = Math.min(compiledBest, compiled.seconds);
  baselineMatches = baseline.matches;
  compiledMatches = compiled.matches;
}
const rate = (best: number) => COUNT / best;
const show = (name: string, best: number, matches: number) =>
  console.log(
    `${name.padEnd(21)}${(rate(best) / 1e6).toFixed(1).padStart(6)} M evaluations/s  (${matches} matches)`,
  );
show('hand-written closure', baselineBest, baselineMatches);
show('compilePredicate', compiledBest, compiledMatches);
if (baselineMatches !== compiledMatches) {
  console.error('the compiled filter and the baseline disagree');
  process.exitCode = 1;
}
console.log(`ratio compiled / hand-written: ${(baselineBest / compiledBest).toFixed(2)}`);
