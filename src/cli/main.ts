import { Command } from 'commander';
import { translateDatabaseError } from '../platform/db-errors.js';
import { ArgusError } from '../platform/errors.js';
import { installValidationMessages } from '../platform/validation-messages.js';
import { loggableError } from '../server/logging.js';
import { registerGuardCommand } from './commands/guard.js';
import { registerLdapCommand } from './commands/ldap.js';
import { registerMetricsCommand } from './commands/metrics.js';
import { registerMigrateCommand } from './commands/migrate.js';
import { registerRadarCommand } from './commands/radar.js';
import { registerRequirementsCommand } from './commands/requirements.js';
import { registerResourcesCommand } from './commands/resources.js';
import { registerServeCommand } from './commands/serve.js';
import { registerTelemetryCommand } from './commands/telemetry.js';
import { registerTokenCommand } from './commands/token.js';
import { registerExportCommand, registerImportCommand } from './commands/transfer.js';
import { registerUserCommand } from './commands/user.js';

const program = new Command()
  .name('argus')
  .description('Argus: catalog, telemetry, monitoring and deployments in one control plane')
  .version('0.1.0')
  // `argus --version` is the program's; after a command, `--version` is that command's own
  // (`argus requirements status x --version 1.2`), not a request for Argus's version.
  .enablePositionalOptions()
  .showHelpAfterError();

registerServeCommand(program);
registerTelemetryCommand(program);
registerMigrateCommand(program);
registerUserCommand(program);
registerTokenCommand(program);
registerImportCommand(program);
registerExportCommand(program);
registerLdapCommand(program);
registerResourcesCommand(program);
registerMetricsCommand(program);
registerRequirementsCommand(program);
registerRadarCommand(program);
registerGuardCommand(program);

// Field problems read as sentences ("name: at most 63 characters"), as the API words them.
installValidationMessages();
try {
  await program.parseAsync(process.argv);
} catch (error) {
  // A database failure's own message carries the statement's parameters (a password hash, say):
  // say what the database refused in Argus's words, or only what the log would say.
  const known = translateDatabaseError(error) ?? error;
  const message = known instanceof ArgusError ? known.message : loggableError(known).message;
  process.stderr.write(`argus: ${message}\n`);
  process.exitCode = process.exitCode || 1;
}
