/**
 * Per-stream hash chain (architecture.md rule 10). Each event's hash covers the
 * previous event's hash, the envelope fields fixed at append and the exact stored
 * data text, so altering, removing or reordering a row is detected on verify.
 * SM3 (GB/T 32905) is the national standard hash; node:crypto provides it.
 */
import { createHash } from 'node:crypto';
import { StoredEvent } from './envelope';
import { HashChainBrokenError } from './errors';

export const HASH_ALG = 'SM3' as const;

export interface HashedFields {
  id: string;
  type: string;
  schemaVersion: number;
  streamId: string;
  streamVersion: number;
  time: string;
  correlationId: string;
  causationId: string;
  actor: { agency: string; user: string };
}

export function chainHash(prevHash: string, fields: HashedFields, dataText: string): string {
  const header = JSON.stringify([
    fields.id,
    fields.type,
    fields.schemaVersion,
    fields.streamId,
    fields.streamVersion,
    fields.time,
    fields.correlationId,
    fields.causationId,
    fields.actor.agency,
    fields.actor.user,
  ]);
  return createHash('sm3').update(`${prevHash}\n${header}\n${dataText}`).digest('hex');
}

export type ChainVerdict = { ok: true; checked: number } | { ok: false; checked: number; error: HashChainBrokenError };

/**
 * Checks the chain of one stream's events in revision order (from revision 0).
 * The data is re-serialised with JSON.stringify, which reproduces the stored text
 * because the store writes exactly JSON.stringify(data).
 */
export function verifyChain(events: StoredEvent[]): ChainVerdict {
  let prev = '';
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    const fail = (detail: string): ChainVerdict => ({
      ok: false,
      checked: i,
      error: new HashChainBrokenError(e.streamId, e.streamVersion, detail),
    });
    if (e.streamVersion !== i) return fail(`expected revision ${i}: an event is missing or out of order`);
    if (e.hashAlg !== HASH_ALG) return fail(`unknown hash algorithm ${e.hashAlg}`);
    if (e.prevHash !== prev) return fail('prevHash does not match the previous event');
    const expected = chainHash(prev, e, JSON.stringify(e.data));
    if (expected !== e.hash) return fail('hash does not match the content: the event was altered');
    prev = e.hash;
  }
  return { ok: true, checked: events.length };
}
