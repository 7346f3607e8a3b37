import type * as Ssh2 from 'ssh2';

let library: typeof Ssh2 | undefined;

/**
 * ssh2, loaded on first use: an Argus that opens no SSH connection (no SSH plugin, no
 * deployment) never pays for it at start-up (about 13 MB and a fifth of a second on a busy machine).
 */
export async function loadSsh2(): Promise<typeof Ssh2> {
  library ??= await import('ssh2');
  return library;
}
