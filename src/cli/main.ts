import { Command } from 'commander';
import { registerLdapCommand } from './commands/ldap.js';
import { registerMigrateCommand } from './commands/migrate.js';
import { registerResourcesCommand } from './commands/resources.js';
import { registerServeCommand } from './commands/serve.js';
import { registerTokenCommand } from './commands/token.js';
import { registerExportCommand, registerImportCommand } from './commands/transfer.js';
import { registerUserCommand } from './commands/user.js';

const program = new Command()
  .name('argus')
  .description('Argus: catalog, telemetry, monitoring and deployments in one control plane')
  .version('0.1.0')
  .showHelpAfterError();

registerServeCommand(program);
registerMigrateCommand(program);
registerUserCommand(program);
registerTokenCommand(program);
registerImportCommand(program);
registerExportCommand(program);
registerLdapCommand(program);
registerResourcesCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.stderr.write(`argus: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = process.exitCode || 1;
}
