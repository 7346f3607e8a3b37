import { linkSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * One writer per data folder. The embedded engine (PGlite) keeps its state in memory and writes
 * it back to the folder; a second process opening the same folder works on its own copy, and
 * whichever writes last silently wins. So opening a data folder claims it with a lock file made
 * by exclusive create, holding the owner's pid: a second process is refused, naming that pid.
 * The lock goes when its holder closes the database or exits; a lock left by a process that died
 * without cleaning up (kill -9, power loss) names a pid that no longer runs and is taken over.
 */
export const LOCK_FILE = 'argus.lock';

/** Another live process holds the data folder. The message names it and says what to do. */
export class DataFolderInUse extends Error {
  constructor(
    readonly lockFile: string,
    readonly holder: LockHolder,
  ) {
    super(
      `the data folder ${resolve(lockFile, '..')} is in use by ${holder.command} (pid ${holder.pid}, ` +
        `since ${holder.since}); only one process may open it. Stop that process ` +
        `(kill ${holder.pid}) and run this again, or make the change through the running ` +
        `server's web UI or API. If no Argus runs as pid ${holder.pid}, delete ${lockFile}.`,
    );
    this.name = 'DataFolderInUse';
  }
}

export interface LockHolder {
  pid: number;
  /** What holds it, for the message another process gets: "argus serve", "argus import". */
  command: string;
  since: string;
}

export interface DataLock {
  file: string;
  /** Removes the lock file if it is still ours; safe to call more than once. */
  release(): void;
}

/** Lock files this process holds: a second open of one folder in the same process is refused too. */
const held = new Set<string>();

function readHolder(file: string): LockHolder | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as Partial<LockHolder>;
    if (Number.isInteger(parsed.pid) && (parsed.pid as number) > 0)
      return {
        pid: parsed.pid as number,
        command: String(parsed.command ?? 'another process'),
        since: String(parsed.since ?? 'an unknown time'),
      };
  } catch {
    // A damaged file (a full disk) or a foreign one: treated like the lock of a dead process.
  }
  return { pid: 0, command: 'an unreadable lock file', since: 'an unknown time' };
}

function running(pid: number): boolean {
  if (pid <= 0) return false;
  try {
    // Signal 0 delivers nothing; it only asks whether the process exists.
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user, so it is alive.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether the holder still runs. A lock naming this very process is stale (one this process holds
 * was refused before): in a container Argus is often pid 1 after every restart, so its own old lock
 * names its own pid.
 */
function alive(holder: LockHolder): boolean {
  return holder.pid !== process.pid && running(holder.pid);
}

/** Claims `dataDir` for this process, or throws DataFolderInUse naming the live holder. */
export function acquireDataLock(dataDir: string, command: string): DataLock {
  const file = join(resolve(dataDir), LOCK_FILE);
  const mine: LockHolder = { pid: process.pid, command, since: new Date().toISOString() };
  if (held.has(file)) throw new DataFolderInUse(file, readHolder(file) ?? mine);
  for (let round = 0; ; round++) {
    if (createWhole(file, `${JSON.stringify(mine)}\n`)) return hold(file);
    const holder = readHolder(file);
    if (holder === undefined) continue; // Released between our attempt and the read.
    if (alive(holder) || round > 0) throw new DataFolderInUse(file, holder);
    // Losing the round after removing a stale lock means another process took the folder
    // meanwhile: it is refused like any other.
    removeIfUnchanged(file, holder);
  }
}

/**
 * Creates `file` with `text` unless it exists, all at once: written to a file of our own first and
 * then linked into place (link fails if the name exists), so no other process ever reads a lock
 * that is created but still empty.
 */
function createWhole(file: string, text: string): boolean {
  const draft = `${file}.${process.pid}`;
  writeFileSync(draft, text, { mode: 0o644 });
  try {
    linkSync(draft, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    unlinkSync(draft);
  }
}

/** Removes a stale lock unless another process replaced it since it was read. */
function removeIfUnchanged(file: string, stale: LockHolder): void {
  const now = readHolder(file);
  if (now && now.pid === stale.pid && now.since === stale.since) {
    try {
      unlinkSync(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}

function hold(file: string): DataLock {
  held.add(file);
  // Whatever way the process ends short of kill -9 (an uncaught error, process.exit), the lock
  // goes with it; 'exit' listeners must be synchronous, and so is release.
  const release = () => {
    if (!held.delete(file)) return;
    process.removeListener('exit', release);
    if (readHolder(file)?.pid === process.pid) {
      try {
        unlinkSync(file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
  };
  process.on('exit', release);
  return { file, release };
}
