import type NetSnmp from 'net-snmp';

type Library = typeof NetSnmp;
let library: Library | undefined;

/**
 * net-snmp, loaded on first use: an Argus with no SNMP plugin never pays for it at start-up
 * (about 13 MB of memory and a fifth of a second of loading on a busy machine).
 */
export async function loadSnmp(): Promise<Library> {
  library ??= (await import('net-snmp')).default;
  return library;
}

/** The library if a session has loaded it: only then can an error be one of its own. */
export function loadedSnmp(): Library | undefined {
  return library;
}
