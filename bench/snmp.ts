// SNMP benchmark (issue 8): the time to poll one agent's interface table with `snmp-interfaces`
// next to Debian's `snmpbulkwalk` walking the same tables (ifTable, ifXTable) of the same agent in
// the same run, and device polls per second against several snmpd instances at bounded
// concurrency.
//
//   npm run bench:snmp [-- --interfaces 500 --rounds 3 --instances 4 --concurrency 8 --seconds 10]
//
// Agents: a controllable agent (net-snmp's Agent, in a child process so it does not share our
// event loop) with --interfaces rows, and Debian's snmpd serving this machine's few interfaces.
// Needs the Debian packages snmpd and snmp.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { promisify } from 'node:util';
import { snmpInterfacesEnrichment } from '../src/telemetry/snmp/interfaces-enrichment.js';
import { snmpInterfaces } from '../src/telemetry/snmp/interfaces-polling.js';
import { IF_TABLE, IFX_TABLE } from '../src/telemetry/snmp/oids.js';
import { AGENT_COMMUNITY, startSnmpAgent } from '../test/helpers/snmp-agent.js';
import {
  SNMP_COMMUNITY,
  type SnmpdServer,
  startSnmpd,
  testContext,
  testResource,
} from '../test/helpers/snmpd.js';
import { load, median, option } from './lib/server.js';

const run = promisify(execFile);

/** Child mode: serve `count` interfaces with moving counters, print the port, run until killed. */
async function serveAgent(count: number): Promise<void> {
  const interfaces = Array.from({ length: count }, (_, i) => ({
    index: i + 1,
    name: `et-0/0/${i}`,
    alias: `uplink ${i}`,
    speedMbps: 10_000,
  }));
  const agent = await startSnmpAgent({ interfaces });
  for (const i of interfaces)
    agent.setCounters(i.index, {
      inOctets: 123_456_789_012n * BigInt(i.index),
      outOctets: 98_765_432_109n * BigInt(i.index),
      inUcast: 1_000_000_000n + BigInt(i.index),
      outUcast: 2_000_000_000n + BigInt(i.index),
    });
  process.stdout.write(`${agent.port}\n`);
  process.on('SIGTERM', () => void agent.close().then(() => process.exit(0)));
}

async function startAgentProcess(count: number): Promise<{ port: number; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'bench/snmp.ts', 'agent', String(count)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  child.on('error', (error) => {
    throw error;
  });
  const [line] = (await once(child.stdout!, 'data')) as [Buffer];
  return { port: Number(line.toString().trim()), child };
}

interface Target {
  name: string;
  port: number;
  community: string;
  rows: number;
}

function pollContext(t: Target, enrichments: Record<string, Record<string, unknown>> = {}) {
  return testContext({
    kind: 'polling',
    module: 'snmp-interfaces',
    sections: { snmp: { community: 'env:BENCH_COMMUNITY', port: t.port, max_repetitions: 25 } },
    resource: testResource('127.0.0.1'),
    enrichments,
    env: { BENCH_COMMUNITY: t.community },
  });
}

async function enrichmentOf(t: Target) {
  const ctx = testContext({
    kind: 'enrichment',
    module: 'snmp-interfaces-enrichment',
    sections: { snmp: { community: 'env:BENCH_COMMUNITY', port: t.port } },
    resource: testResource('127.0.0.1'),
    env: { BENCH_COMMUNITY: t.community },
  });
  return (await snmpInterfacesEnrichment.run(ctx)).enrichments;
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await work();
  return performance.now() - t0;
}

async function bulkwalk(t: Target, repetitions: number, oids: string[]): Promise<number> {
  let lines = 0;
  for (const oid of oids) {
    const { stdout } = await run('snmpbulkwalk', [
      '-v2c',
      '-c',
      t.community,
      '-On',
      `-Cr${repetitions}`,
      `127.0.0.1:${t.port}`,
      oid,
    ]);
    lines += stdout.split('\n').length - 1;
  }
  return lines;
}

/** One round of every contender, interleaved so load changes hit them alike. */
async function tableCase(t: Target, rounds: number): Promise<void> {
  const enrichments = await enrichmentOf(t);
  const contenders: [string, () => Promise<unknown>][] = [
    ['snmp-interfaces, no enrichment (30 columns)', () => snmpInterfaces.run(pollContext(t))],
    [
      'snmp-interfaces, enrichment preloaded (23 columns)',
      () => snmpInterfaces.run(pollContext(t, enrichments)),
    ],
    ['snmpbulkwalk -Cr25 ifTable + ifXTable', () => bulkwalk(t, 25, [IF_TABLE, IFX_TABLE])],
    [
      'snmpbulkwalk -Cr10 ifTable + ifXTable (its default)',
      () => bulkwalk(t, 10, [IF_TABLE, IFX_TABLE]),
    ],
    [
      'snmpbulkwalk process start-up (sysName only, x2)',
      () => bulkwalk(t, 25, ['1.3.6.1.2.1.1.5', '1.3.6.1.2.1.1.5']),
    ],
  ];
  const times = contenders.map(() => [] as number[]);
  for (let r = 0; r < rounds; r++)
    for (const [i, [, work]] of contenders.entries()) times[i]!.push(await timed(work));
  const medians = times.map(median);
  const walk = medians[2]!;
  const startup = medians[4]!;
  console.log(
    `\n### ${t.name}: ${t.rows} interfaces, median of ${rounds} rounds (load ${load()})\n`,
  );
  console.log(
    '| contender | median ms | / snmpbulkwalk -Cr25 | / its walking time (start-up taken off) |',
  );
  console.log('| --- | ---: | ---: | ---: |');
  for (const [i, [name]] of contenders.entries()) {
    const ms = medians[i]!;
    const ratio = (ms / walk).toFixed(2);
    const net = i < 2 ? (ms / Math.max(walk - startup, 0.1)).toFixed(2) : '';
    console.log(`| ${name} | ${ms.toFixed(1)} | ${ratio} | ${net} |`);
  }
}

async function pollsPerSecond(servers: SnmpdServer[], concurrency: number, seconds: number) {
  const targets = servers.map((s, i) => ({
    name: `snmpd ${i}`,
    port: s.port,
    community: SNMP_COMMUNITY,
    rows: 0,
  }));
  const contexts = await Promise.all(
    targets.map(async (t) => pollContext(t, await enrichmentOf(t))),
  );
  let polls = 0;
  let failures = 0;
  let next = 0;
  const until = performance.now() + seconds * 1000;
  const client = async () => {
    while (performance.now() < until) {
      const ctx = contexts[next++ % contexts.length]!;
      try {
        await snmpInterfaces.run(ctx);
        polls++;
      } catch {
        failures++;
      }
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, client));
  const elapsed = (performance.now() - t0) / 1000;
  console.log(
    `\n### Device polls per second: ${servers.length} snmpd instances, ${concurrency} polls in flight, ${seconds} s (load ${load()})\n`,
  );
  console.log(
    `snmp-interfaces (enrichment preloaded): ${(polls / elapsed).toFixed(0)} polls/s, ${failures} failed`,
  );
}

async function main(): Promise<void> {
  if (process.argv[2] === 'agent') return serveAgent(Number(process.argv[3]));
  const interfaces = option('interfaces', 500);
  const rounds = option('rounds', 3);
  const instances = option('instances', 4);
  const concurrency = option('concurrency', 8);
  const seconds = option('seconds', 10);

  const agent = await startAgentProcess(interfaces);
  const servers = await Promise.all(Array.from({ length: instances }, () => startSnmpd()));
  try {
    const { stdout } = await run('snmpbulkwalk', [
      '-v2c',
      '-c',
      SNMP_COMMUNITY,
      '-On',
      `127.0.0.1:${servers[0]!.port}`,
      '1.3.6.1.2.1.2.2.1.1',
    ]);
    await tableCase(
      {
        name: 'Controllable agent (net-snmp Agent)',
        port: agent.port,
        community: AGENT_COMMUNITY,
        rows: interfaces,
      },
      rounds,
    );
    await tableCase(
      {
        name: "Debian's snmpd",
        port: servers[0]!.port,
        community: SNMP_COMMUNITY,
        rows: stdout.trim().split('\n').length,
      },
      // snmpd answers in milliseconds: more rounds for a steadier median.
      rounds * 5,
    );
    await pollsPerSecond(servers, concurrency, seconds);
  } finally {
    agent.child.kill('SIGTERM');
    await Promise.all(servers.map((s) => s.stop()));
  }
}

await main();
