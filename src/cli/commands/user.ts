import type { Command } from 'commander';
import { z } from 'zod';
import { NewPassword, PersonCreate } from '../../catalog/contract.js';
import { CatalogService } from '../../catalog/service.js';
import { generatePassword } from '../../platform/auth/passwords.js';
import { InProcessBus } from '../../platform/bus.js';
import { systemContext } from '../../platform/context.js';
import { withLocalDatabase } from '../local.js';
import { readSecret } from '../stdin.js';
import { parseInput } from '../validate.js';

export function registerUserCommand(program: Command): void {
  const user = program.command('user').description('Manage local users');

  user
    .command('add <username>')
    .description('Add a person who can log in; prints a generated password unless --password-stdin')
    .option('--admin', 'make the user an admin', false)
    .option('--name <name>', 'full name', '')
    .option('--email <email>', 'email address', '')
    .option('--password-stdin', 'read the password from standard input', false)
    .action(
      async (
        username: string,
        opts: { admin: boolean; name: string; email: string; passwordStdin: boolean },
      ) => {
        const password = opts.passwordStdin ? await readSecret() : generatePassword();
        const input = parseInput(PersonCreate, {
          username,
          name: opts.name,
          email: opts.email,
          role: opts.admin ? 'admin' : 'member',
          password,
        });
        await withLocalDatabase(async (database) => {
          const catalog = new CatalogService(database.db, new InProcessBus());
          await catalog.createPerson(systemContext(), input);
        });
        process.stdout.write(
          `added ${username}${opts.passwordStdin ? '' : `; password: ${password}`}\n`,
        );
      },
    );

  user
    .command('passwd <username>')
    .description(
      'Reset a password (read from standard input with --password-stdin, else generated and ' +
        "printed); ends all of the user's sessions and revokes their API tokens",
    )
    .option('--password-stdin', 'read the password from standard input', false)
    .option('--keep-tokens', "keep the user's API tokens working", false)
    .action(async (username: string, opts: { passwordStdin: boolean; keepTokens: boolean }) => {
      // The API's rule for a new password, reported as "password": the name this command uses.
      const { password } = parseInput(z.object({ password: NewPassword }), {
        password: opts.passwordStdin ? await readSecret() : generatePassword(),
      });
      const ended = await withLocalDatabase(async (database) => {
        const catalog = new CatalogService(database.db, new InProcessBus());
        return catalog.changePassword(systemContext(), username, {
          newPassword: password,
          revokeApiTokens: !opts.keepTokens,
        });
      });
      const tokens = opts.keepTokens
        ? 'API tokens kept'
        : `revoked ${count(ended.apiTokensRevoked, 'API token')}`;
      process.stdout.write(
        `password of ${username} changed${opts.passwordStdin ? '' : `: ${password}`}\n` +
          `ended ${count(ended.sessionsEnded, 'session')}; ${tokens}\n`,
      );
    });
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
