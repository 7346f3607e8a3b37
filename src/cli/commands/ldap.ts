import type { Command } from 'commander';
import { type SyncReport, syncDirectory } from '../../catalog/ldap-sync.js';
import {
  DirectoryUnavailable,
  LdapDirectory,
  ldapSettingsFromConfig,
} from '../../platform/auth/ldap.js';
import { InProcessBus } from '../../platform/bus.js';
import { loadConfig } from '../../platform/config.js';
import { systemContext } from '../../platform/context.js';
import { ArgusError } from '../../platform/errors.js';
import { fail, withLocalDatabase } from '../local.js';

export function formatSyncReport(report: SyncReport, dryRun: boolean): string {
  const lines = [
    `${dryRun ? 'dry run, nothing written: ' : ''}created ${report.created}, updated ${report.updated}, ` +
      `unchanged ${report.unchanged}, hidden ${report.hidden}, skipped ${report.skipped}`,
    ...report.problems.map((p) => `  ${p.dn}: ${p.reason}`),
  ];
  return `${lines.join('\n')}\n`;
}

export function registerLdapCommand(program: Command): void {
  const ldap = program
    .command('ldap')
    .description('Directory (LDAP, Active Directory) integration');

  ldap
    .command('sync')
    .description(
      'Sync people from the directory: create, update, resolve managers, hide the departed',
    )
    .option('--dry-run', 'show what would change, write nothing', false)
    .option('--allow-empty', 'accept an empty directory (hides every directory person)', false)
    .option('--json', 'print the report as JSON', false)
    .action(async (opts: { dryRun: boolean; allowEmpty: boolean; json: boolean }) => {
      const settings = ldapSettingsFromConfig(loadConfig());
      if (!settings) {
        fail(
          'LDAP is not configured: set ldap.url (ARGUS_LDAP_URL) and the ldap.* settings, see docs/ldap.md',
          2,
        );
        return;
      }
      const directory = new LdapDirectory(settings);
      try {
        // Fail before opening the database when the directory is down or refuses the account.
        await directory.check();
        const report = await withLocalDatabase((database) => {
          const ctx = systemContext(`ldap-sync-${Date.now().toString(36)}`);
          const actor = { ...ctx.actor!, username: 'ldap-sync' };
          return syncDirectory(database.db, new InProcessBus(), { ...ctx, actor }, directory, {
            dryRun: opts.dryRun,
            allowEmpty: opts.allowEmpty,
          });
        });
        process.stdout.write(
          opts.json
            ? `${JSON.stringify({ ...report, dryRun: opts.dryRun })}\n`
            : formatSyncReport(report, opts.dryRun),
        );
      } catch (error) {
        if (error instanceof DirectoryUnavailable) {
          fail(`${error.message} (check ldap.url, ldap.bind_dn and ldap.bind_password)`, 2);
        } else if (error instanceof ArgusError) {
          fail(error.message, 1);
        } else {
          throw error;
        }
      }
    });
}
