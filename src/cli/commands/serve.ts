import type { Command } from 'commander';
import { loadConfig } from '../../platform/config.js';
import { startServer } from '../../server/start.js';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('Run Argus: API, web UI and background work in one process')
    .option('--port <port>', 'port to listen on (ARGUS_PORT, default 7070)')
    .option('--data-dir <dir>', 'folder of the embedded database (ARGUS_DATA_DIR, default ./data)')
    .option('--no-demo', 'start empty instead of loading demo data on first start')
    .action(async (opts: { port?: string; dataDir?: string; demo: boolean }) => {
      const config = loadConfig({
        ...(opts.port !== undefined ? { port: Number(opts.port) } : {}),
        ...(opts.dataDir !== undefined ? { dataDir: opts.dataDir } : {}),
      });
      const app = await startServer(config, {
        demo: opts.demo,
        print: (line) => process.stdout.write(`${line}\n`),
      });
      const stop = async () => {
        await app.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
