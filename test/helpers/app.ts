import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { CatalogService } from '../../src/catalog/service.js';
import { type Authenticator, issueApiToken } from '../../src/platform/auth/service.js';
import { type EventBus, InProcessBus } from '../../src/platform/bus.js';
import { type Config, loadConfig } from '../../src/platform/config.js';
import { type RequestContext, systemContext } from '../../src/platform/context.js';
import type { Database } from '../../src/platform/db.js';
import { buildApp } from '../../src/server/app.js';
import type { LogOptions } from '../../src/server/logging.js';
import { openTestDatabase } from './database.js';

export interface TestUser {
  username: string;
  token: string;
  /** Headers that authenticate as this user. */
  headers: Record<string, string>;
}

export interface TestApp {
  app: FastifyInstance;
  database: Database;
  catalog: CatalogService;
  bus: EventBus;
  system: RequestContext;
  /** Creates a person with an API token; `admin` makes them an admin. */
  user(
    username: string,
    options?: { admin?: boolean; password?: string; teams?: string[] },
  ): Promise<TestUser>;
  /** inject() as a user (or anonymously with `null`). */
  request(as: TestUser | null, options: InjectOptions): Promise<LightMyRequestResponse>;
  /** Starts a real listener on an ephemeral loopback port and returns its base URL. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** Extra authenticators after local passwords (LDAP), built from the test app's config. */
  authenticators?: (config: Config, bus: EventBus) => Authenticator[];
  /** Log into this stream (the app's own logger options: redaction and error serializer). */
  log?: LogOptions;
}

/** Argus with a fresh database of its own (PGlite, or PostgreSQL in the integration-pg project). */
export async function startTestApp(
  overrides: Partial<Config> = {},
  options: TestAppOptions = {},
): Promise<TestApp> {
  const database = await openTestDatabase();
  const config = loadConfig({ logLevel: 'silent', ...overrides }, {}, '/nonexistent/argus.yaml');
  const appBus = new InProcessBus();
  const authenticators = options.authenticators?.(config, appBus) ?? [];
  const { app, catalog, bus } = await buildApp({
    config,
    database,
    bus: appBus,
    logger: options.log ?? false,
    authenticators,
  });
  await app.ready();
  const system = systemContext('test');
  return {
    app,
    database,
    catalog,
    bus,
    system,
    async user(username, options = {}) {
      const person = await catalog.createPerson(system, {
        username,
        name: username,
        role: options.admin ? 'admin' : 'member',
        password: options.password,
      });
      for (const team of options.teams ?? []) {
        const current = await catalog.getTeam(team);
        await catalog.updateTeam(system, team, { members: [...current.members, username] });
      }
      const { token } = await issueApiToken(database.db, person.id, 'test', null);
      return { username, token, headers: { authorization: `Bearer ${token}` } };
    },
    request(as, options) {
      return app.inject({
        ...options,
        headers: { ...(options.headers ?? {}), ...(as ? as.headers : {}) },
      });
    },
    async listen() {
      const address = await app.listen({ port: 0, host: '127.0.0.1' });
      return address;
    },
    async close() {
      await app.close();
      await database.close();
    },
  };
}
