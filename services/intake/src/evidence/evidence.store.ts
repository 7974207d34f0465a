/**
 * Evidence files on local disk, content-addressed: <dir>/<sha256[0:2]>/<sha256>,
 * with the first upload's media type and file name beside it in
 * <sha256>.json. Writes go to a temporary file that is renamed into place, so
 * a reader never sees half a file and the same content stored twice is one
 * file (idempotent). Events carry only the EvidenceRef (hash, size, type, name).
 */
import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { basename, join } from 'node:path';
import type { EvidenceRef } from '@jm/contracts';
import { SHA256_HEX } from '../validation/patterns';

export class EvidenceStore {
  constructor(private readonly dir: string) {}

  pathOf(sha256: string): string {
    if (!SHA256_HEX.test(sha256)) throw new Error(`not a SHA-256 hex digest: ${sha256}`);
    return join(this.dir, sha256.slice(0, 2), sha256);
  }

  async put(content: Buffer, mediaType: string, fileName: string): Promise<EvidenceRef> {
    const sha256 = createHash('sha256').update(content).digest('hex');
    const path = this.pathOf(sha256);
    const existing = await this.get(sha256);
    if (existing) return existing;
    await fs.mkdir(join(this.dir, sha256.slice(0, 2)), { recursive: true });
    const ref: EvidenceRef = { sha256, size: content.length, mediaType, fileName: safeFileName(fileName) };
    if (!(await exists(path))) await writeAtomically(path, content);
    // The metadata goes last: its presence says the content is complete.
    await writeAtomically(`${path}.json`, Buffer.from(JSON.stringify(ref), 'utf8'));
    return ref;
  }

  /** The reference of a stored file, or undefined when there is none. */
  async get(sha256: string): Promise<EvidenceRef | undefined> {
    if (!SHA256_HEX.test(sha256)) return undefined;
    try {
      return JSON.parse(await fs.readFile(`${this.pathOf(sha256)}.json`, 'utf8')) as EvidenceRef;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await fs.access(path);
    return true;
  } catch {
    return false;
  }
}

async function writeAtomically(path: string, content: Buffer): Promise<void> {
  const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await fs.writeFile(temp, content, { flag: 'wx' });
    await fs.rename(temp, path);
  } finally {
    await fs.rm(temp, { force: true });
  }
}

/** Keeps the name people gave the file, without directories or control characters, at most 200 characters. */
export function safeFileName(name: string): string {
  const base = basename(name.replace(/\\/g, '/'));
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  const cleaned = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return (cleaned || 'evidence').slice(0, 200);
}
