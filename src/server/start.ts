import { count } from 'drizzle-orm';
import { CatalogService } from '../catalog/service.js';
import { loadDemoCatalog } from '../catalog/transfer/demo.js';
import { generatePassword } from '../platform/auth/passwords.js';
import { people } from '../platform/auth/schema.js';
import { InProcessBus } from '../platform/bus.js';
import type { Config } from '../platform/config.js';
import { systemContext } from '../platform/context.js';
import {
  configuredDatabase,
  describeConnectionError,
  openDatabase,
  reportToStderr,
} from '../platform/db.js';
import { createMetricPipeline } from '../telemetry/pipeline-runtime.js';
import { startTelemetry, type TelemetryRuntime } from '../telemetry/runtime.js';
import { buildApp } from './app.js';
import { ldapAuthenticatorFromConfig } from './ldap.js';

export interface StartOptions {
  demo: boolean;
  /** Where start-up messages go (the URL and the one-time password). */
  print: (line: string) => void;
}

/**
 * `argus serve`: open the database, migrate, create the first admin (and demo data) on first
 * start, then serve API and UI until stopped.
 */
export async function startServer(config: Config, options: StartOptions) {
  // The database opens before the app and its logger exist: a connection lost meanwhile goes to
  // standard error, afterwards to the log.
  let reportConnectionError = reportToStderr;
  const database = await openDatabase(
    configuredDatabase(config, 'argus serve', (error) => reportConnectionError(error)),
  );
  await database.migrate();
  const bus = new InProcessBus();
  const firstStart = (await database.db.select({ n: count() }).from(people))[0]!.n === 0;
  let adminPassword: string | null = null;
  if (firstStart) {
    const catalog = new CatalogService(database.db, bus);
    adminPassword = generatePassword();
    const ctx = systemContext('first-start');
    await catalog.createPerson(ctx, {
      username: 'admin',
      name: 'Administrator',
      role: 'admin',
      password: adminPassword,
    });
    if (options.demo) {
      const report = await loadDemoCatalog(database.db, bus, ctx);
      options.print(`Loaded demo data: ${report}`);
    }
  }
  const ldap = ldapAuthenticatorFromConfig(config, bus);
  const { app, catalog, inventory, telemetryPlugins, sinks } = await buildApp({
    config,
    database,
    bus,
    authenticators: ldap ? [ldap] : [],
  });
  reportConnectionError = (error) => app.log.warn(describeConnectionError(error));
  app.addHook('onClose', async () => database.close());
  // The metric pipeline: plugin output -> transforms -> bus -> the store and the sinks.
  const pipeline = createMetricPipeline({
    db: database.db,
    config,
    log: app.log,
    // The app's sinks: the exposition subscribed here is the one /metrics/collected serves.
    consumers: sinks.consumers,
  });
  let telemetry: TelemetryRuntime | null = null;
  // onClose hooks run last-added first: plugins stop, then the pipeline drains, then the database.
  app.addHook('onClose', async () => {
    await telemetry?.stop();
    await pipeline.close();
  });
  const address = await app.listen({ port: config.port, host: config.host });
  // Load the facet index now rather than on the first list that counts (until it is loaded,
  // the database counts).
  void catalog.facetIndex.settled();
  // Plugins start once the server answers, so a slow first poll never delays the UI.
  telemetry = await startTelemetry({
    config,
    database,
    log: app.log,
    inventory,
    pipeline,
    catalog: telemetryPlugins,
  });
  const url = config.publicUrl || `http://localhost:${new URL(address).port}`;
  options.print(
    `Argus is running at ${url} (database: ${database.engine === 'pglite' ? `embedded, ${config.dataDir}` : 'PostgreSQL'})`,
  );
  if (adminPassword) {
    options.print(`First start: log in as "admin" with the one-time password ${adminPassword}`);
    options.print('Change it under your profile, or with: argus user passwd admin');
  } else {
    options.print('Log in with your account; to reset the admin password: argus user passwd admin');
  }
  return app;
}
