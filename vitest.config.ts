import { existsSync } from 'node:fs';
import { defineConfig } from 'vitest/config';
import { postgresReachable } from './test/helpers/engines.js';

/**
 * The test tiers (ARCHITECTURE "Tests"). Tiers that need a service are included only when it is
 * present; otherwise they are skipped with a printed reason, or fail the run when
 * ARGUS_REQUIRE_SERVICES=1 (as in CI).
 */
export default defineConfig(async () => {
  const required = process.env.ARGUS_REQUIRE_SERVICES === '1';
  const missing: string[] = [];
  const pg = await postgresReachable();
  if (!pg)
    missing.push(
      'PostgreSQL at 127.0.0.1:5432 (ARGUS_TEST_POSTGRES_URL): integration-pg and services tiers',
    );
  const slapd = existsSync('/usr/sbin/slapd');
  if (!slapd) missing.push('slapd (Debian package slapd): LDAP tests in the services tier');
  const chromium = existsSync(process.env.ARGUS_CHROMIUM ?? '/usr/bin/chromium');
  if (!chromium) missing.push('Chromium (Debian package chromium): e2e tier');
  if (!existsSync(process.env.ARGUS_PROMTOOL ?? '/usr/bin/promtool'))
    missing.push('promtool (Debian package prometheus): the /metrics format check');
  // The services tier's daemons and tools: each harness skips its own tests without them (or
  // fails under ARGUS_REQUIRE_SERVICES=1); listed here so one message names everything absent.
  for (const [path, what] of [
    ['/usr/sbin/sshd', 'sshd (Debian package openssh-server): SSH collectors and deployments'],
    ['/usr/sbin/snmpd', 'snmpd (Debian package snmpd): SNMP plugins'],
    ['/usr/bin/snmpbulkwalk', 'snmpbulkwalk (Debian package snmp): the SNMP benchmark baseline'],
    ['/usr/bin/victoria-metrics', 'VictoriaMetrics (Debian package victoria-metrics): sinks'],
    ['/usr/bin/ping', 'ping (Debian package iputils-ping): the ping plugin'],
    ['/usr/bin/openssl', 'openssl: the HTTPS probe test certificate'],
  ] as const) {
    if (!existsSync(path)) missing.push(what);
  }
  if (missing.length > 0) {
    const message = `missing services:\n  - ${missing.join('\n  - ')}`;
    if (required) throw new Error(`ARGUS_REQUIRE_SERVICES=1 but ${message}`);
    process.stderr.write(`[argus tests] skipping tiers, ${message}\n`);
  }

  const common = { testTimeout: 30_000, hookTimeout: 60_000 };
  const projects = [
    { test: { ...common, name: 'unit', include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'] } },
    { test: { ...common, name: 'web', include: ['web/src/**/*.test.ts'] } },
    {
      test: {
        ...common,
        name: 'integration',
        include: ['test/integration/**/*.test.ts'],
        env: { ARGUS_TEST_ENGINE: 'pglite' },
      },
    },
    { test: { ...common, name: 'cli', include: ['test/cli/**/*.test.ts'], testTimeout: 120_000 } },
  ];
  if (pg) {
    projects.push({
      test: {
        ...common,
        name: 'integration-pg',
        include: ['test/integration/**/*.test.ts'],
        env: { ARGUS_TEST_ENGINE: 'postgres' },
      },
    });
  }
  if (pg && slapd)
    projects.push({
      test: { ...common, name: 'services', include: ['test/services/**/*.test.ts'] },
    });
  if (chromium) {
    projects.push({
      test: {
        ...common,
        name: 'e2e',
        include: ['test/e2e/**/*.test.ts'],
        testTimeout: 120_000,
      } as never,
    });
  }
  return {
    test: {
      projects,
      reporters: ['default', 'json'],
      outputFile: { json: 'test-results/vitest.json' },
    },
  };
});
