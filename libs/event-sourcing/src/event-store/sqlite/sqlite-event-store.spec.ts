import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeEventStoreContract } from '../../testing/event-store.contract';
import { SqliteEventStore } from './sqlite-event-store';

describeEventStoreContract('SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'jm-es-'));
  let n = 0;
  let path = '';
  const raw = (sql: string, ...params: unknown[]) => {
    const db = new Database(path);
    try {
      db.prepare(sql).run(...params);
    } finally {
      db.close();
    }
  };
  return {
    open: async () => SqliteEventStore.open({ path, pollIntervalMs: 10 }),
    writerOptions: () => ({ kind: 'sqlite', path }),
    tamper: async (streamId, version, column, value) =>
      raw(`UPDATE events SET ${column} = ? WHERE stream_id = ? AND stream_version = ?`, value, streamId, version),
    remove: async (streamId, version) => raw('DELETE FROM events WHERE stream_id = ? AND stream_version = ?', streamId, version),
    reset: async () => {
      path = join(dir, `events-${++n}.sqlite`);
    },
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

describe('SQLite store specifics', () => {
  it('keeps its file in WAL mode and migrates an existing file without loss', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jm-es-'));
    const path = join(dir, 'nested', 'events.sqlite');
    try {
      const first = SqliteEventStore.open({ path });
      await first.append(
        'lead-1',
        [
          {
            id: '6f1c1d7e-0a56-4b8e-9a51-2f3f2f0c0a01',
            type: 'LeadReceived',
            schemaVersion: 1,
            data: {},
            time: '2026-01-01T00:00:00.000Z',
            correlationId: 'c',
            causationId: 'c',
            actor: { agency: 'office', user: 'u' },
          },
        ],
        'no_stream',
      );
      await first.close();
      const second = SqliteEventStore.open({ path });
      expect(await second.readStream('lead-1')).toHaveLength(1);
      await second.close();
      const db = new Database(path);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get()).toEqual({ v: 2 }); // 2: the metadata column (trace context);
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
