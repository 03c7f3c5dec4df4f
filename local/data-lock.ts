// The lock on the local data directory: one process at a time (proper-lockfile's atomic
// lock directory), with its owner written beside it (PID, the process's start time, its
// command), so a lock left by a dead process is taken over at once and a live holder is named.
// The owner file is not inside the lock directory: proper-lockfile watches that directory's
// mtime and would take a file written there for a compromised lock. A lock without an owner
// file is someone's fresh lock: never taken over early (after 30 s without an update
// proper-lockfile counts it stale anyway).
import { readFileSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';

/** Who holds the lock. */
export interface LockOwner {
  pid: number;
  /** The process's start, as the kernel counts it (Linux), to tell a reused PID apart. */
  startTicks?: number;
  command: string;
  since: string;
}

/** Thrown when another process has the local data open. */
export class DataInUseError extends Error {
  override name = 'DataInUseError';
  constructor(
    readonly dataDir: string,
    readonly owner?: LockOwner,
  ) {
    const who = owner
      ? ` (PID ${owner.pid}, ${owner.command}, since ${owner.since})`
      : ' (npm start, or another command)';
    super(
      `The local data in ${dataDir} is in use by another process${who}: ` +
        'stop it first, or set DATA_DIR to another directory',
    );
  }
}

/**
 * Locks `dataDir` for this process; returns the unlock.
 * @throws {DataInUseError} naming the live process that holds it.
 */
export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const lockPath = join(dataDir, '.lock');
  const ownerPath = join(dataDir, '.lock-owner.json');
  const take = () => lockfile.lock(dataDir, { lockfilePath: lockPath, stale: 30_000 });
  let release: () => Promise<void>;
  try {
    release = await take();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
    const owner = await readOwner(ownerPath);
    if (owner && isAlive(owner)) throw new DataInUseError(dataDir, owner);
    if (!owner) throw new DataInUseError(dataDir);
    // The holder is gone (killed, crashed): its lock is taken over now, not in 30 s. Its
    // owner file goes first, then its lock directory, then the lock is taken as usual: a
    // process that took over meanwhile has removed that owner file (so this one stops), and
    // two taking over at once meet at proper-lockfile's atomic mkdir (one of them wins).
    const still = await readOwner(ownerPath);
    if (!still || still.pid !== owner.pid || still.since !== owner.since)
      throw new DataInUseError(dataDir, still);
    await rm(ownerPath, { force: true });
    await rm(lockPath, { recursive: true, force: true });
    try {
      release = await take();
    } catch (again) {
      if ((again as NodeJS.ErrnoException).code !== 'ELOCKED') throw again;
      throw new DataInUseError(dataDir, await readOwner(ownerPath));
    }
  }
  const me: LockOwner = {
    pid: process.pid,
    ...(startTicks(process.pid) !== undefined && { startTicks: startTicks(process.pid) }),
    command: process.argv
      .slice(1)
      .map((arg) => arg.replace(/^.*\/(?=[^/]+$)/, ''))
      .join(' ')
      .slice(0, 200),
    since: new Date().toISOString(),
  };
  await writeFile(ownerPath, JSON.stringify(me));
  return async () => {
    await rm(ownerPath, { force: true });
    await release();
  };
}

async function readOwner(path: string): Promise<LockOwner | undefined> {
  try {
    const owner = JSON.parse(await readFile(path, 'utf8')) as LockOwner;
    return Number.isInteger(owner.pid) ? owner : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the owner's process still runs (and is the same process, not a reused PID). */
function isAlive(owner: LockOwner): boolean {
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  const now = startTicks(owner.pid);
  return owner.startTicks === undefined || now === undefined || now === owner.startTicks;
}

/** Field 22 of /proc/<pid>/stat: when the process started, in clock ticks since boot. */
function startTicks(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command (field 2) is in parentheses and may hold spaces: count from its end.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[19]);
    return Number.isFinite(ticks) ? ticks : undefined;
  } catch {
    return undefined;
  }
}
