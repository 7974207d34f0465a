/**
 * The shred journal: every key the vault shreds is also written here, one JSON
 * line per tombstone, before the key is deleted. It lives outside the databases
 * (SHRED_JOURNAL_PATH), so no backup holds it back: `npm run restore` applies every
 * tombstone in it to the restored vault, and a key shredded after a backup stays
 * shredded once that backup is restored (docs/operations/backup.md).
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

export interface ShredTombstone {
  keyId: string;
  shreddedAt: string;
}

export class ShredJournal {
  constructor(readonly path: string) {}

  /** Appends the tombstone and waits until it is on disk; a failure here fails the shred before the key is touched. */
  record(tombstone: ShredTombstone): void {
    mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
    const fd = openSync(this.path, 'a', 0o600);
    try {
      writeSync(fd, `${JSON.stringify({ keyId: tombstone.keyId, shreddedAt: tombstone.shreddedAt })}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }

  /** Creates the journal empty unless it exists, so that its absence later means a wrong path, never "nothing shredded". */
  ensure(): void {
    if (existsSync(this.path)) return;
    mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
    closeSync(openSync(this.path, 'a', 0o600));
  }

  /**
   * Every tombstone, oldest first. A torn last line (a crash while recording) is left out: that shred never
   * reached the key. Any other line that does not parse is an error naming it.
   */
  read(): ShredTombstone[] {
    if (!existsSync(this.path)) {
      throw new Error(`no shred journal at ${this.path}: without it a restore could bring shredded keys back; set SHRED_JOURNAL_PATH`);
    }
    const lines = readFileSync(this.path, 'utf8').split('\n');
    const tombstones: ShredTombstone[] = [];
    lines.forEach((line, index) => {
      if (line.trim() === '') return;
      const last = index === lines.length - 1;
      try {
        const parsed = JSON.parse(line) as Partial<ShredTombstone>;
        if (typeof parsed.keyId !== 'string' || typeof parsed.shreddedAt !== 'string') throw new Error('keyId and shreddedAt are required');
        tombstones.push({ keyId: parsed.keyId, shreddedAt: parsed.shreddedAt });
      } catch (error) {
        if (last) return;
        throw new Error(`shred journal ${this.path} line ${index + 1} is not a tombstone: ${(error as Error).message}`);
      }
    });
    return tombstones;
  }
}
