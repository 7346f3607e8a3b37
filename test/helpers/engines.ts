import { connect } from 'node:net';

/** The PostgreSQL server the services tier uses: a maintenance URL where test databases are created. */
export const postgresAdminUrl =
  process.env.ARGUS_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** True when something accepts TCP connections at host:port within the timeout. */
export function reachable(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export async function postgresReachable(): Promise<boolean> {
  const url = new URL(postgresAdminUrl);
  return reachable(url.hostname, Number(url.port || 5432));
}
