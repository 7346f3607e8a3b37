import type { Command } from 'commander';
import { withLocalDatabase } from '../local.js';

export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('Apply database migrations (argus serve also does this at start)')
    .action(async () => {
      await withLocalDatabase(async (database) => {
        process.stdout.write(`migrations applied (${database.engine})\n`);
      });
    });
}
