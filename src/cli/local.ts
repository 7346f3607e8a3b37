import { type Config, loadConfig } from '../platform/config.js';
import { configuredDatabase, type Database, openDatabase } from '../platform/db.js';

/**
 * Opens the configured database for commands that work on it directly (migrate, user, token,
 * import, export): the same engine and folder `argus serve` uses.
 */
export async function withLocalDatabase<T>(
  fn: (database: Database, config: Config) => Promise<T>,
): Promise<T> {
  const config = loadConfig();
  // The command's words ("argus user add"): what another process that finds the folder taken is told.
  const command = ['argus', ...process.argv.slice(2).filter((arg) => !arg.startsWith('-'))]
    .slice(0, 3)
    .join(' ');
  const database = await openDatabase(configuredDatabase(config, command));
  try {
    await database.migrate();
    return await fn(database, config);
  } finally {
    await database.close();
  }
}

/** Prints a CLI error and sets a non-zero exit code. */
export function fail(message: string, code = 2): void {
  process.stderr.write(`argus: ${message}\n`);
  process.exitCode = code;
}
