import { Logger } from '@nestjs/common';
import { loadConfig } from '../config/service-config';
import { ManualClock, SqliteEventStore } from '@jm/event-sourcing';
import { createServiceLogger } from '../nest/service-app';
import { ServiceNestLogger } from '../nest/service-logging';
import { TEST_SECURITY_ENV } from '../testing/auth';
import { AccessLog } from './access-log';
import type { DomainActor } from '@jm/contracts';

const reader: DomainActor = {
  user: 'u1',
  agency: 'lc-office',
  agencyKind: 'office',
  level: 'district',
  jurisdiction: '350502',
  roles: ['office_officer'],
};

describe('AccessLog', () => {
  let store: SqliteEventStore;
  let log: AccessLog;
  let lines: Record<string, unknown>[];

  beforeEach(() => {
    store = SqliteEventStore.open({ path: ':memory:' });
    log = new AccessLog(store, new ManualClock(new Date('2026-03-02T00:00:00.000Z')));
    lines = [];
    const pino = createServiceLogger(loadConfig('cases', { ...TEST_SECURITY_ENV, PORT: '0', LOG_LEVEL: 'info' }), {
      write: (line: string) => lines.push(JSON.parse(line)),
    });
    Logger.overrideLogger(new ServiceNestLogger(pino));
  });
  afterEach(async () => {
    Logger.overrideLogger(false);
    await store.close();
  });

  const streams = async () => [...new Set((await store.readAll({ limit: 1000 })).map((e) => e.streamId))];

  it('given reads of resources that do not exist or ids that cannot name a stream, then no stream, and one structured log line each with the totals', async () => {
    await log.record(reader, { resourceType: 'case', resourceId: 'C-missing', exists: false });
    await log.record(reader, { resourceType: 'case', resourceId: 'x'.repeat(5000) });
    await log.record(reader, { resourceType: 'case', resourceId: 'a\u0000b' });
    expect(await streams()).toEqual([]);
    expect(log.counts()).toEqual({ refused: 0, notFound: 3 });
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatchObject({
      context: 'AccessLog',
      read: 'not_found',
      resourceType: 'case',
      resourceId: 'C-missing',
      agency: 'lc-office',
      user: 'u1',
      notFound: 1,
      refused: 0,
    });
    expect((lines[1].resourceId as string).length).toBe(100);
    expect(lines[2]).toMatchObject({ notFound: 3 });
  });

  it('given granted and refused reads of resources that exist, then both are recorded, and the refused one is also a log line', async () => {
    await log.record(reader, { resourceType: 'case', resourceId: 'C-1' });
    await log.record(reader, { resourceType: 'case', resourceId: 'C-1', granted: false, exists: true });
    expect((await store.readStream('access-case-C-1')).map((e) => (e.data as { granted: boolean }).granted)).toEqual([true, false]);
    expect(log.counts()).toEqual({ refused: 1, notFound: 0 });
    expect(lines).toEqual([expect.objectContaining({ read: 'refused', resourceId: 'C-1', refused: 1 })]);
  });
});
