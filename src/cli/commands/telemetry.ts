import type { Command } from 'commander';
import { loadConfig } from '../../platform/config.js';
import { loadPluginSet } from '../../telemetry/config/plugin-set.js';
import { moduleRegistry } from '../../telemetry/registry.js';
import { pluginDirs } from '../../telemetry/runtime.js';
import { runTelemetryWorker } from '../../telemetry/worker-process.js';

/** `argus telemetry`: a plugins-only worker process, and a check of the plugin files. */
export function registerTelemetryCommand(program: Command): void {
  const telemetry = program
    .command('telemetry')
    .description('Telemetry plugins: workers and plugin files');

  telemetry
    .command('worker')
    .description(
      'Run plugins only (no HTTP) against the shared PostgreSQL (ARGUS_DATABASE_URL); start any number',
    )
    .option(
      '--concurrency <n>',
      'runs at once in this process (ARGUS_TELEMETRY_WORKER_CONCURRENCY)',
    )
    .action(async (opts: { concurrency?: string }) => {
      const config = loadConfig(
        opts.concurrency !== undefined
          ? { telemetryWorkerConcurrency: Number(opts.concurrency) }
          : {},
      );
      const worker = await runTelemetryWorker(config);
      process.stdout.write(`argus telemetry worker ${worker.workerId} running\n`);
      const stop = async () => {
        await worker.stop();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });

  telemetry
    .command('check')
    .description('Read the plugin files as the server would and print each plugin or error')
    .argument('[dirs...]', 'folders to read instead of the configured ones')
    .option('--json', 'print JSON')
    .action((dirs: string[], opts: { json?: boolean }) => {
      const set = loadPluginSet(
        dirs.length > 0 ? dirs : pluginDirs(loadConfig()),
        moduleRegistry(),
      );
      if (opts.json) {
        process.stdout.write(
          `${JSON.stringify({ plugins: set.plugins.map((p) => p.config), errors: set.errors }, null, 2)}\n`,
        );
      } else {
        for (const { config } of set.plugins) {
          process.stdout.write(
            `ok     ${config.name} (${config.kind}, ${config.module}, every ${config.executeFrequency} s) ${config.source}\n`,
          );
        }
        for (const error of set.errors)
          process.stdout.write(`error  ${error.file}: ${error.key}: ${error.reason}\n`);
      }
      if (set.errors.length > 0) process.exitCode = 1;
    });
}
