/**
 * The hash chain as a pure function: SM3 itself against the GB/T 32905 examples,
 * a known answer for one envelope (the canonical input written out by hand here,
 * its digest computed outside this code with `openssl dgst -sm3`), every hashed
 * field changing the hash, and each reason verifyChain gives. The same tampering
 * on real stored rows is in the event store contract suite.
 */
import { createHash } from 'node:crypto';
import { StoredEvent } from './envelope';
import { chainHash, HashedFields, verifyChain } from './hash';

const sm3 = (text: string) => createHash('sm3').update(text).digest('hex');

const FIELDS: HashedFields = {
  id: '3f0c8a52-6d1e-4c3b-9a77-1d2e3f405162',
  type: 'CaseOpened',
  schemaVersion: 2,
  streamId: 'case-c1',
  streamVersion: 3,
  time: '2026-02-13T04:00:00.000Z',
  correlationId: 'corr-7',
  causationId: 'cause-9',
  actor: { agency: 'lc-office', user: '张三' },
};
const DATA = '{"caseId":"c1","title":"某某公司"}';
/** The canonical input, written out: previous hash, the envelope as a JSON array in this order, the data text; newline-separated. */
const HEADER = '["3f0c8a52-6d1e-4c3b-9a77-1d2e3f405162","CaseOpened",2,"case-c1",3,"2026-02-13T04:00:00.000Z","corr-7","cause-9","lc-office","张三"]';
/** printf '%s\n%s\n%s' 9f1c3a "$HEADER" "$DATA" | openssl dgst -sm3 */
const KNOWN_WITH_PREV = '3c76b5cbe1a3842a732cd3b589f96a3513ae99bd0a5e6f560edd4844d24e3264';
/** The same with an empty previous hash (the first event of a stream). */
const KNOWN_FIRST = '9077eada2811a0b43cfe78dd935a06920d9ac851ee970d6b07fc7ea87b206a8e';

describe('SM3', () => {
  it('given the GB/T 32905 examples, then node:crypto gives the standard digests', () => {
    expect(sm3('abc')).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
    expect(sm3('abcd'.repeat(16))).toBe('debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732');
  });
});

describe('chainHash', () => {
  it('given a fixed envelope, then the hash is the known SM3 of the hand-built canonical input', () => {
    expect(sm3(`9f1c3a\n${HEADER}\n${DATA}`)).toBe(KNOWN_WITH_PREV);
    expect(chainHash('9f1c3a', FIELDS, DATA)).toBe(KNOWN_WITH_PREV);
    expect(chainHash('', FIELDS, DATA)).toBe(KNOWN_FIRST);
  });

  const changes: Array<[string, Partial<HashedFields>]> = [
    ['id', { id: '3f0c8a52-6d1e-4c3b-9a77-1d2e3f405163' }],
    ['type', { type: 'CaseClosed' }],
    ['schemaVersion', { schemaVersion: 1 }],
    ['streamId', { streamId: 'case-c2' }],
    ['streamVersion', { streamVersion: 4 }],
    ['time', { time: '2026-02-13T04:00:00.001Z' }],
    ['correlationId', { correlationId: 'corr-8' }],
    ['causationId', { causationId: 'cause-8' }],
    ['actor.agency', { actor: { agency: 'fz-office', user: '张三' } }],
    ['actor.user', { actor: { agency: 'lc-office', user: '李四' } }],
  ];
  it.each(changes)('given the envelope with another %s, then the hash changes', (_field, change) => {
    expect(chainHash('9f1c3a', { ...FIELDS, ...change }, DATA)).not.toBe(chainHash('9f1c3a', FIELDS, DATA));
  });

  it('given another previous hash or data text, then the hash changes', () => {
    const base = chainHash('9f1c3a', FIELDS, DATA);
    expect(chainHash('9f1c3b', FIELDS, DATA)).not.toBe(base);
    expect(chainHash('9f1c3a', FIELDS, '{"caseId":"c2","title":"某某公司"}')).not.toBe(base);
  });

  it('given fields that only move across the separators, then the hash still changes (the envelope is a JSON array, not joined text)', () => {
    const a = chainHash('', { ...FIELDS, correlationId: 'a,b', causationId: 'c' }, DATA);
    const b = chainHash('', { ...FIELDS, correlationId: 'a', causationId: 'b,c' }, DATA);
    expect(a).not.toBe(b);
  });
});

/** A correctly chained stream of `n` events, as a store would return it. */
function chain(n: number, streamId = 'case-v'): StoredEvent[] {
  const events: StoredEvent[] = [];
  let prev = '';
  for (let i = 0; i < n; i++) {
    const fields = { ...FIELDS, id: `id-${i}`, streamId, streamVersion: i };
    const data = { i };
    const hash = chainHash(prev, fields, JSON.stringify(data));
    events.push({ ...fields, data, position: 10 + i, prevHash: prev, hash, hashAlg: 'SM3' });
    prev = hash;
  }
  return events;
}

describe('verifyChain', () => {
  it('given an untouched stream, then every event is checked', () => {
    expect(verifyChain(chain(4))).toEqual({ ok: true, checked: 4 });
    expect(verifyChain([])).toEqual({ ok: true, checked: 0 });
  });

  const broken = (events: StoredEvent[], checked: number, message: string) => {
    const verdict = verifyChain(events);
    expect(verdict).toMatchObject({ ok: false, checked });
    if (verdict.ok) return;
    expect(verdict.error.message).toBe(message);
    expect(verdict.error).toMatchObject({ code: 'HASH_CHAIN_BROKEN', streamId: 'case-v', streamVersion: events[checked].streamVersion });
  };

  it('given a removed event, then the next one is named as out of sequence', () => {
    const events = chain(4);
    broken(
      [events[0], events[2], events[3]],
      1,
      'Hash chain broken in case-v at version 2: expected revision 1: an event is missing or out of order',
    );
  });

  it('given a stream whose first event is gone, then revision 0 is reported missing', () => {
    broken(chain(3).slice(1), 0, 'Hash chain broken in case-v at version 1: expected revision 0: an event is missing or out of order');
  });

  it('given an unknown algorithm, a wrong previous hash or altered content, then each is named', () => {
    const alg = chain(3);
    alg[1] = { ...alg[1], hashAlg: 'SHA1' as 'SM3' };
    broken(alg, 1, 'Hash chain broken in case-v at version 1: unknown hash algorithm SHA1');

    const prev = chain(3);
    prev[2] = { ...prev[2], prevHash: prev[0].hash };
    broken(prev, 2, 'Hash chain broken in case-v at version 2: prevHash does not match the previous event');

    const first = chain(2);
    first[0] = { ...first[0], prevHash: 'ab' };
    broken(first, 0, 'Hash chain broken in case-v at version 0: prevHash does not match the previous event');

    const altered = chain(3);
    altered[1] = { ...altered[1], causationId: 'someone-else' };
    broken(altered, 1, 'Hash chain broken in case-v at version 1: hash does not match the content: the event was altered');
  });

  it('given an event re-hashed after altering it, then its successor no longer chains to it', () => {
    const events = chain(3);
    const data = { i: 99 };
    events[1] = { ...events[1], data, hash: chainHash(events[0].hash, events[1], JSON.stringify(data)) };
    broken(events, 2, 'Hash chain broken in case-v at version 2: prevHash does not match the previous event');
  });
});
