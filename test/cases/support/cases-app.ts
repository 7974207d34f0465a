/**
 * The cases service in a test on the embedded mode (its SQLite store, bus and
 * read model in a temporary folder, the given clock), listening on a free
 * port; and what intake would append for a lead reported to lc-office.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { LeadSummary, toLeadStreamId } from '@jm/contracts';
import { EventStore, ManualClock } from '@jm/event-sourcing';
import { connectServiceConsumer, createServiceApp, EVENT_STORE_TOKEN } from '@jm/platform';
import { TEST_SECURITY_ENV } from '@jm/platform/testing';
import { pollUntil } from '@jm/testing';
import { CasesModule } from '../../../services/cases/src/cases.module';
import { CASES_READ_MODEL } from '../../../services/cases/src/cases.read-model';
import { leadReportedEvents } from '../../../services/cases/src/testing/fixtures';

export interface CasesTestApp {
  app: INestApplication;
  store: EventStore;
  http: () => ReturnType<typeof request>;
  /** Appends what intake appends for the lead received and reported to lc-office; answers once `reader` sees its triage. */
  reportLead(summary: LeadSummary, reader: Record<string, string>): Promise<string>;
  close(): Promise<void>;
}

export async function startCasesApp(name: string, clock: ManualClock): Promise<CasesTestApp> {
  const dir = mkdtempSync(join(tmpdir(), `jm-${name}-`));
  const created = await createServiceApp('cases', CasesModule, {
    env: {
      ...TEST_SECURITY_ENV,
      LOG_LEVEL: process.env.CASES_TEST_LOG ?? 'silent',
      SQLITE_PATH: join(dir, 'events.sqlite'),
      READ_MODEL_SQLITE_PATH: join(dir, 'cases-read.sqlite'),
      INSTANCE_ID: `${name}-${randomUUID().slice(0, 8)}`,
    },
    readModel: CASES_READ_MODEL,
    clock,
  });
  const app = created.app;
  connectServiceConsumer(app, created.config);
  await app.startAllMicroservices();
  await app.listen(0, '127.0.0.1');
  const store = app.get<EventStore>(EVENT_STORE_TOKEN);
  const http = () => request(app.getHttpServer());
  return {
    app,
    store,
    http,
    async reportLead(summary, reader) {
      await store.append(toLeadStreamId(summary.leadId), leadReportedEvents(summary, clock.now().toISOString()), 'no_stream');
      await pollUntil(async () => (await http().get(`/triage/${summary.leadId}`).set(reader)).status === 200, {
        timeoutMs: 20000,
        what: `triage of ${summary.leadId}`,
      });
      return summary.leadId;
    },
    async close() {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
