import type { Command } from 'commander';
import { findPerson } from '../../catalog/people.js';
import { issueApiToken } from '../../platform/auth/service.js';
import { withLocalDatabase } from '../local.js';

export function registerTokenCommand(program: Command): void {
  const token = program.command('token').description('Manage API tokens');
  token
    .command('create <username>')
    .description('Create an API token for a user and print it (shown once)')
    .requiredOption('--name <name>', 'what the token is for')
    .option('--expires-days <days>', 'days until the token expires (default: never)')
    .action(async (username: string, opts: { name: string; expiresDays?: string }) => {
      const days = opts.expiresDays === undefined ? undefined : Number(opts.expiresDays);
      if (days !== undefined && (!Number.isInteger(days) || days < 1))
        throw new Error('--expires-days: a whole number of days, at least 1');
      const issued = await withLocalDatabase(async (database) => {
        const person = await findPerson(database.db, username);
        if (!person) throw new Error(`no user "${username}"`);
        return issueApiToken(
          database.db,
          person.id,
          opts.name,
          days ? new Date(Date.now() + days * 86_400_000) : null,
        );
      });
      process.stdout.write(`${issued.token}\n`);
    });
}
