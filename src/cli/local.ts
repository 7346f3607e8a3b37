import { type Config, loadConfig } from '../platform/config.js';
import { type Database, openDatabase } from '../platform/db.js';

/**
 * Opens the configured database for commands that work on it directly (migrate, user, token,
 * import, export): the same engine and folder `argus serve` uses.
 */
export async function withLocalDatabase<T>(
  fn: (database: Database, config: Config) => Promise<T>,
): Promise<T> {
  const config = loadConfig();
  const database = await openDatabase({
    url: config.databaseUrl || undefined,
    dataDir: config.dataDir,
  });
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
