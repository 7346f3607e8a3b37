import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import type { SQL } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import type { Config } from './config.js';
import { acquireDataLock, type DataLock } from './data-lock.js';

/** The one database type every service takes; a transaction is assignable to it too. */
export type Db = PgDatabase<PgQueryResultHKT>;

export interface Database {
  db: Db;
  engine: 'pglite' | 'postgres';
  migrate(): Promise<void>;
  close(): Promise<void>;
  /** What the engine holds now, for operators (/metrics). */
  usage(): DatabaseUsage;
}

export type DatabaseUsage =
  | { engine: 'postgres'; connections: number; idle: number; waiting: number; max: number }
  | { engine: 'pglite'; wasmMemoryBytes: number | null };

/**
 * How the embedded engine runs. PostgreSQL's defaults assume a server of its own: in PGlite every
 * buffer is WebAssembly memory inside the Argus process, touched at start and never given back
 * (WebAssembly memory cannot shrink). 128 MB of shared buffers alone made 150 MB of the idle
 * process; 16 MB (ARGUS_EMBEDDED_SHARED_BUFFERS_MB) hold a team's catalog, and the operating
 * system's file cache keeps the rest of the data folder close. maintenance_work_mem bounds what
 * an index build or VACUUM grows it by.
 */
function embeddedOptions(options: DatabaseOptions) {
  const settings = [
    `shared_buffers=${options.sharedBuffersMb ?? 16}MB`,
    'maintenance_work_mem=16MB',
    'max_connections=4',
  ];
  return {
    startParams: [...PGlite.defaultStartParams, ...settings.flatMap((setting) => ['-c', setting])],
  };
}

/**
 * Creates the embedded cluster in a new data folder (initdb) in a child process. initdb runs two
 * more WebAssembly instances beside the engine: in this process they would stay resident (over
 * 300 MB) until a full garbage collection that an idle server may not run for hours, and even a
 * worker thread leaves 100 MB behind in the allocator; a process gives all of it back.
 */
async function createCluster(dir: string, options: DatabaseOptions): Promise<void> {
  const script = `const [pglite, dir, options] = process.argv.slice(1);
    const { PGlite } = await import(pglite);
    await (await PGlite.create(dir, JSON.parse(options))).close();`;
  const child = spawn(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      script,
      import.meta.resolve('@electric-sql/pglite'),
      dir,
      JSON.stringify(embeddedOptions(options)),
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const [code] = await once(child, 'close');
  if (code !== 0) throw new Error(`creating the database in ${dir} failed: ${stderr.trim()}`);
}

/** The size of PGlite's WebAssembly memory; it reads an internal, so it answers null if that moves. */
function wasmMemoryBytes(client: PGlite): number | null {
  const heap = (client as unknown as { mod?: { HEAPU8?: Uint8Array } }).mod?.HEAPU8;
  return heap ? heap.byteLength : null;
}

export const migrationsFolder = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../migrations',
);

export interface DatabaseOptions {
  /** postgres:// URL; empty selects the embedded engine. */
  url?: string;
  /** Folder for the embedded engine; undefined keeps it in memory (tests). */
  dataDir?: string;
  /** What opens the data folder, named to a second process that finds it locked ("argus serve"). */
  holder?: string;
  /** PostgreSQL connections kept at most. */
  poolSize?: number;
  /** The embedded engine's buffer cache, resident for the life of the process (default 16). */
  sharedBuffersMb?: number;
  /** How long a query waits for a connection (a new one, or a free one of a full pool). */
  connectTimeoutSeconds?: number;
  /**
   * Told of each PostgreSQL connection that fails outside a query (restart, failover, a
   * terminated backend). The pool drops it and connects afresh on demand; this only reports.
   */
  onConnectionError?: (error: Error) => void;
}

/** A connection error as a log line: code and message only, never a query or its parameters. */
export function describeConnectionError(error: Error): string {
  const code = (error as { code?: unknown }).code;
  return `database connection lost${typeof code === 'string' ? ` (${code})` : ''}: ${error.message}`;
}

/** Where connection errors go when nobody asked for them: standard error, one line each. */
export const reportToStderr = (error: Error) => {
  process.stderr.write(`argus: ${describeConnectionError(error)}\n`);
};

/**
 * A pg pool that survives the database dropping its connections. Without an 'error' listener a
 * connection that dies while idle in the pool, or while checked out between two statements of a
 * transaction, is an uncaught exception that ends the process. Each client gets one for its whole
 * life, so an error is reported once whether the pool held it or a transaction did; the statement
 * that was running fails on its own and is answered 503 (see db-errors.ts).
 */
function resilientPool(url: string, options: DatabaseOptions) {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    // A database that does not answer (a failover whose old address drops packets) fails the
    // request after this long instead of holding it forever.
    connectionTimeoutMillis: (options.connectTimeoutSeconds ?? 10) * 1000,
    // Finds connections whose server vanished without a word, so they are replaced.
    keepAlive: true,
  });
  const report = options.onConnectionError ?? reportToStderr;
  const reported = new WeakSet<Error>();
  const once = (error: Error) => {
    if (reported.has(error)) return;
    reported.add(error);
    report(error);
  };
  pool.on('error', once);
  // pool.end() resolves once the last client is told to end, not once it has: a database dropped
  // right after would still meet the backends and terminate them under the ending clients. So
  // close() also waits for every client's socket to close ('remove' comes after that).
  const open = new Set<pg.PoolClient>();
  let allClosed: () => void = () => {};
  pool.on('connect', (client) => {
    client.on('error', once);
    open.add(client);
  });
  pool.on('remove', (client) => {
    open.delete(client);
    if (open.size === 0) allClosed();
  });
  const close = async () => {
    const drained = new Promise<void>((resolve) => {
      allClosed = resolve;
    });
    await pool.end();
    if (open.size > 0) await drained;
  };
  return { pool, close };
}

/** How a configuration opens its database: the same for `argus serve` and every CLI command. */
export function configuredDatabase(
  config: Config,
  holder: string,
  onConnectionError?: (error: Error) => void,
): DatabaseOptions {
  return {
    url: config.databaseUrl || undefined,
    dataDir: config.dataDir,
    holder,
    poolSize: config.databasePoolSize,
    connectTimeoutSeconds: config.databaseConnectTimeoutSeconds,
    sharedBuffersMb: config.embeddedSharedBuffersMb,
    onConnectionError,
  };
}

/** Opens PostgreSQL when a URL is given, else embedded PGlite: one schema, one set of migrations. */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.url) {
    const { pool, close } = resilientPool(options.url, options);
    // Fail fast with a clear message instead of on the first request.
    try {
      (await pool.connect()).release();
    } catch (error) {
      await close();
      throw error;
    }
    const db = drizzlePg(pool) as unknown as Db;
    return {
      db,
      engine: 'postgres',
      migrate: () => migratePg(drizzlePg(pool), { migrationsFolder }),
      close,
      usage: () => ({
        engine: 'postgres',
        connections: pool.totalCount,
        idle: pool.idleCount,
        waiting: pool.waitingCount,
        max: pool.options.max,
      }),
    };
  }
  let client: PGlite;
  let lock: DataLock | undefined;
  if (options.dataDir) {
    const dir = resolve(options.dataDir, 'pg');
    mkdirSync(dirname(dir), { recursive: true });
    // Before PGlite reads the folder: a second process must not even start on a copy of it.
    lock = acquireDataLock(options.dataDir, options.holder ?? `process ${process.pid}`);
    try {
      if (!existsSync(join(dir, 'PG_VERSION'))) await createCluster(dir, options);
      client = await PGlite.create(dir, embeddedOptions(options));
    } catch (error) {
      lock.release();
      throw error;
    }
  } else {
    client = await PGlite.create(embeddedOptions(options));
  }
  const db = drizzlePglite(client);
  return {
    db: db as unknown as Db,
    engine: 'pglite',
    migrate: () => migratePglite(db, { migrationsFolder }),
    usage: () => ({ engine: 'pglite', wasmMemoryBytes: wasmMemoryBytes(client) }),
    close: async () => {
      try {
        await client.close();
      } finally {
        lock?.release();
      }
    },
  };
}

/** Runs raw SQL and returns its rows: the one place that knows both drivers answer `{ rows }`. */
export async function queryRows<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
