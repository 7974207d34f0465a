/**
 * Files that hold the platform's data (the SQLite event store, read-model
 * databases with the wrapped informant data keys, their -wal and -shm files)
 * are readable by the service's own user only: the folder 0700, the files 0600.
 * A folder or file left looser by an older version is tightened at start.
 * SQLite creates -wal and -shm with the mode of the database file, so creating
 * the database file 0600 before SQLite opens it covers them.
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;
/** Shared folders such as /tmp carry the sticky bit; they are never tightened. */
const STICKY = 0o1000;

/** Creates the folder (0700) or tightens the one there, unless it is a shared sticky folder or not ours. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  const stat = statSync(dir);
  if ((stat.mode & STICKY) !== 0 || (process.getuid !== undefined && stat.uid !== process.getuid())) return;
  if ((stat.mode & 0o777) !== PRIVATE_DIR_MODE) chmodSync(dir, PRIVATE_DIR_MODE);
}

/** Before SQLite opens a database file: its folder private, the file and any -wal/-shm 0600. */
export function preparePrivateDatabaseFile(path: string): void {
  if (path === ':memory:' || path === '') return;
  ensurePrivateDir(dirname(path));
  if (!existsSync(path)) closeSync(openSync(path, 'a', PRIVATE_FILE_MODE));
  for (const file of [path, `${path}-wal`, `${path}-shm`, `${path}-journal`]) {
    if (existsSync(file) && (statSync(file).mode & 0o777) !== PRIVATE_FILE_MODE) chmodSync(file, PRIVATE_FILE_MODE);
  }
}
