/**
 * The deadlines module on the embedded default, for tests: a SQLite store and
 * read model in a fresh folder (with a copy of the shipped holiday calendars,
 * which the API may write), the embedded bus, and the test's ManualClock.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { ManualClock } from '@jm/event-sourcing';
import { connectServiceConsumer, createServiceApp } from '@jm/platform';
import { TEST_SECURITY_ENV } from '@jm/platform/testing';
import { DeadlinesModule } from '../../../services/notifications/src/deadlines/deadlines.module';
import { DEADLINES_READ_MODEL } from '../../../services/notifications/src/deadlines/deadlines.read-model';

export interface EmbeddedDeadlines {
  app: INestApplication;
  /** The holiday calendars' folder (HOLIDAY_CALENDAR_DIR). */
  holidays: string;
  close(): Promise<void>;
}

export async function startEmbeddedDeadlines(prefix: string, clock: ManualClock): Promise<EmbeddedDeadlines> {
  const dir = mkdtempSync(join(tmpdir(), `jm-${prefix}-`));
  const holidays = join(dir, 'holidays');
  cpSync(join(__dirname, '../../../config/holidays'), holidays, { recursive: true });
  const { app, config } = await createServiceApp('notifications', DeadlinesModule, {
    env: {
      ...TEST_SECURITY_ENV,
      LOG_LEVEL: 'silent',
      SQLITE_PATH: join(dir, 'events.sqlite'),
      READ_MODEL_SQLITE_PATH: join(dir, 'read.sqlite'),
      HOLIDAY_CALENDAR_DIR: holidays,
      DEADLINE_TICK_SECONDS: '3600',
    },
    readModel: DEADLINES_READ_MODEL,
    clock,
  });
  connectServiceConsumer(app, config);
  await app.startAllMicroservices();
  await app.init();
  return {
    app,
    holidays,
    close: async () => {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
