/**
 * One date for a routed lead's verification (issue 16 defect 6): cases and the
 * deadline engine on one embedded store and bus, a lead routed before the
 * Mid-Autumn and National Day holidays. The triage view and list show the
 * engine's working-day due time, the same instant GET /deadlines/clocks gives.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { toLeadStreamId } from '@jm/contracts';
import { EventStore, ManualClock } from '@jm/event-sourcing';
import { connectServiceConsumer, createServiceApp, EVENT_STORE_TOKEN } from '@jm/platform';
import { bearer, TEST_SECURITY_ENV } from '@jm/platform/testing';
import { pollUntil } from '@jm/testing';
import { CasesModule } from '../../services/cases/src/cases.module';
import { CASES_READ_MODEL } from '../../services/cases/src/cases.read-model';
import { leadReportedEvents, leadSummary } from '../../services/cases/src/testing/fixtures';
import { DeadlinesModule } from '../../services/notifications/src/deadlines/deadlines.module';
import { DEADLINES_READ_MODEL } from '../../services/notifications/src/deadlines/deadlines.read-model';

jest.setTimeout(60_000);

const dir = mkdtempSync(join(tmpdir(), 'jm-verification-deadline-'));
// Wednesday 23 September 2026, 10:00 China time: Mid-Autumn (25-27 September) and National Day (1-7 October) follow.
const clock = new ManualClock(new Date('2026-09-23T02:00:00.000Z'));
const apps: INestApplication[] = [];
const office = bearer('lc-office', ['office_officer'], 'lc-office-user');

async function start(service: 'cases' | 'notifications'): Promise<INestApplication> {
  const { app, config } = await createServiceApp(service, service === 'cases' ? CasesModule : DeadlinesModule, {
    env: {
      ...TEST_SECURITY_ENV,
      LOG_LEVEL: 'silent',
      SQLITE_PATH: join(dir, 'events.sqlite'),
      READ_MODEL_SQLITE_PATH: join(dir, `${service}-read.sqlite`),
      INSTANCE_ID: `${service}-${randomUUID().slice(0, 8)}`,
      DEADLINE_TICK_SECONDS: '3600',
    },
    readModel: service === 'cases' ? CASES_READ_MODEL : DEADLINES_READ_MODEL,
    clock,
  });
  connectServiceConsumer(app, config);
  await app.startAllMicroservices();
  await app.init();
  apps.push(app);
  return app;
}

afterAll(async () => {
  for (const app of apps.reverse()) await app.close();
  rmSync(dir, { recursive: true, force: true });
});

it('given a lead routed before two holidays, then the triage view, the triage list and the clock give the same working-day due date', async () => {
  const cases = await start('cases');
  const notifications = await start('notifications');
  const store = cases.get<EventStore>(EVENT_STORE_TOKEN);
  const leadId = randomUUID();
  await store.append(toLeadStreamId(leadId), leadReportedEvents(leadSummary(leadId), clock.now().toISOString()), 'no_stream');
  await pollUntil(async () => (await request(cases.getHttpServer()).get(`/triage/${leadId}`).set(office)).status === 200, {
    what: 'the triage opened',
  });
  await request(cases.getHttpServer()).post(`/triage/${leadId}/route`).set(office).send({ unit: 'lc-market' }).expect(200);

  // 15 working days from Wednesday 23 September: 24, 28-30 September, 8-10 (a make-up Saturday), 12-16 and 19-21 October.
  const due = '2026-10-21T16:00:00.000Z';
  const clockId = `routed-lead-feedback.${leadId}`;
  const fromClock = await pollUntil(
    async () => {
      const res = await request(notifications.getHttpServer()).get(`/deadlines/clocks/${clockId}`).set(office);
      return res.status === 200 ? (res.body as { dueAt: string }) : undefined;
    },
    { what: 'the verification clock' },
  );
  expect(fromClock.dueAt).toBe(due);
  const view = await pollUntil(
    async () => {
      const res = await request(cases.getHttpServer()).get(`/triage/${leadId}`).set(office);
      return res.body.routing?.deadlineFrom === 'clock' ? res.body : undefined;
    },
    { what: 'the triage view showing the clock’s due time' },
  );
  expect(view.routing.deadline).toBe(fromClock.dueAt);
  const list = await request(cases.getHttpServer()).get('/triage?status=routed').set(office).expect(200);
  expect((list.body.items as Array<{ leadId: string }>).find((i) => i.leadId === leadId)).toMatchObject({ deadline: due, deadlineFrom: 'clock' });
  // The routing event still carries cases' provisional calendar-day date; no reader shows it once the clock is known.
  const routed = (await store.readStream(`routing-${leadId}`)).find((e) => e.type === 'LeadRouted')!;
  expect((routed.data as { deadline: string }).deadline).not.toBe(due);
});
