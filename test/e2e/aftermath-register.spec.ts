/**
 * Issue 16 defect 8 end to end on PostgreSQL and Kafka: cases (its API, its
 * consumer and relay, its read model and key vault on PostgreSQL) keeps a
 * case's aftermath register; reporting projects it from cases' topic into the
 * risk ledger. Intake is a relay only: its lead events are appended to the
 * shared store and reach cases through Kafka. The ledger's totals match the
 * register's, over the legacy counts recorded before it; a shredded identity
 * cannot be opened while the totals stay.
 */
import { randomUUID } from 'node:crypto';
import { Module } from '@nestjs/common';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { toAftermathStreamId, toLeadStreamId } from '@jm/contracts';
import type { EventStore } from '@jm/event-sourcing';
import { connectServiceConsumer, createServiceApp, EVENT_STORE_TOKEN, KeyVault, READ_MODEL_TOKEN } from '@jm/platform';
import type { Role } from '@jm/reference';
import { bearer, TEST_SECURITY_ENV } from '@jm/platform/testing';
import { createTestSchema, pollUntil, testKafkaBrokers, uniqueName } from '@jm/testing';
import { CasesModule } from '../../services/cases/src/cases.module';
import { CASES_READ_MODEL } from '../../services/cases/src/cases.read-model';
import { leadReportedEvents, leadSummary } from '../../services/cases/src/testing/fixtures';
import { ReportingTestApp, startReportingApp } from '../reporting/support/reporting-app';

jest.setTimeout(180_000);

/** Intake here: its relay only (publishes the lead streams appended to the shared store). */
@Module({})
class RelayOnlyModule {}

const schemas: Array<{ drop(): Promise<void> }> = [];
const apps: INestApplication[] = [];
let reporting: ReportingTestApp | undefined;
let cases: INestApplication;
let store: EventStore;

const as = (agency: string, roles: Role[]) => bearer(agency, roles, `${agency}-user`);
const office = as('lc-office', ['office_officer']);
const leadUnit = as('lc-social-affairs', ['unit_officer']);
const letters = as('lc-letters', ['unit_officer']);
const analyst = as('lc-office', ['analyst']);
const http = () => request(cases.getHttpServer());

interface LedgerItem {
  caseId: string;
  claimants: number;
  amountClaimedYuan: string;
  amountRefundedYuan: string;
  petitions: number;
  petitioners: number;
  registerPersons: number | null;
  personsRefunded: number | null;
  petitionsOpen: number | null;
  petitionsClosed: number | null;
}

beforeAll(async () => {
  const [shared, casesRead, reportingRead] = [
    await createTestSchema('aftermath_store'),
    await createTestSchema('aftermath_cases'),
    await createTestSchema('aftermath_rpt'),
  ];
  schemas.push(shared, casesRead, reportingRead);
  const env = {
    ...TEST_SECURITY_ENV,
    LOG_LEVEL: 'silent',
    EVENT_STORE: 'postgres',
    PG_URL: shared.url,
    PG_SCHEMA: shared.schema,
    BUS: 'kafka',
    KAFKA_BROKERS: testKafkaBrokers().join(','),
    KAFKA_TOPIC_PREFIX: `${uniqueName('aftermath').toLowerCase()}.`,
  };
  const intake = await createServiceApp('intake', RelayOnlyModule, {
    env: {
      ...env,
      INSTANCE_ID: uniqueName('intake'),
      READ_MODEL_DB: 'postgres',
      READ_MODEL_PG_URL: casesRead.url,
      READ_MODEL_PG_SCHEMA: casesRead.schema,
    },
  });
  await intake.app.init();
  apps.push(intake.app);
  const created = await createServiceApp('cases', CasesModule, {
    env: {
      ...env,
      INSTANCE_ID: uniqueName('cases'),
      READ_MODEL_DB: 'postgres',
      READ_MODEL_PG_URL: casesRead.url,
      READ_MODEL_PG_SCHEMA: casesRead.schema,
    },
    readModel: CASES_READ_MODEL,
  });
  cases = created.app;
  apps.push(cases);
  connectServiceConsumer(cases, created.config);
  await cases.startAllMicroservices();
  await cases.listen(0, '127.0.0.1');
  store = cases.get<EventStore>(EVENT_STORE_TOKEN);
  reporting = await startReportingApp({
    ...env,
    READ_MODEL_DB: 'postgres',
    READ_MODEL_PG_URL: reportingRead.url,
    READ_MODEL_PG_SCHEMA: reportingRead.schema,
  });
});

afterAll(async () => {
  await reporting?.close();
  for (const app of apps.reverse()) await app.close();
  for (const schema of schemas) await schema.drop();
});

/** The case's row of the risk ledger as reporting answers it, once it has applied the register up to `version`. */
async function ledgerRow(caseId: string, registerEvents: number): Promise<LedgerItem> {
  return pollUntil(
    async () => {
      const [row] = (await reporting!.dataSource.query(
        `SELECT register_version AS v FROM "${reportingSchemaOf(reporting!.dataSource)}"."risk_ledger" WHERE case_id = $1`,
        [caseId],
      )) as Array<{ v: number | null }>;
      if (!row || row.v === null || Number(row.v) < registerEvents - 1) return undefined;
      const res = await request(reporting!.app.getHttpServer()).get('/ledgers/risks').set(analyst).expect(200);
      return (res.body.items as LedgerItem[]).find((item) => item.caseId === caseId);
    },
    { timeoutMs: 60_000, what: `the risk ledger of ${caseId} at register version ${registerEvents - 1}` },
  );
}

const reportingSchemaOf = (db: DataSource): string => (db.driver as unknown as { schema: string }).schema;

describe('the aftermath register on PostgreSQL and Kafka', () => {
  it('registers persons, claims, refunds and petitions; the risk ledger’s totals match the register’s; a shredded identity cannot be opened while the totals stay', async () => {
    // A lead reported by intake reaches cases through Kafka; routed and founded, it opens a case.
    const leadId = randomUUID();
    await store.append(toLeadStreamId(leadId), leadReportedEvents(leadSummary(leadId), new Date().toISOString()), 'no_stream');
    await pollUntil(async () => (await http().get(`/triage/${leadId}`).set(office)).status === 200 || undefined, {
      timeoutMs: 60_000,
      what: 'triage',
    });
    await http().post(`/triage/${leadId}/route`).set(office).send({}).expect(200);
    const founded = await http().post(`/triage/${leadId}/feedback`).set(leadUnit).send({ outcome: 'founded' }).expect(200);
    const caseId = founded.body.caseId as string;
    await pollUntil(async () => (await http().get(`/cases/${caseId}`).set(office)).status === 200 || undefined, {
      timeoutMs: 60_000,
      what: 'the case',
    });

    // Counts recorded the old way first: the register's totals take their place.
    await http().post(`/cases/${caseId}/victim-claims`).set(leadUnit).send({ claimants: 40, amountYuan: '900000' }).expect(200);
    await http().post(`/cases/${caseId}/petitions`).set(leadUnit).send({ petitioners: 12, text: '集体上访' }).expect(200);

    const register = (path: string, who: typeof office, body: object) =>
      http().post(`/cases/${caseId}/aftermath/${path}`).set(who).send(body).expect(200);
    const zhang = (await register('persons', office, { role: 'victim', name: '张三丰', idNumber: '11010519491231002X', phone: '13800000000' })).body
      .id;
    const li = (await register('persons', leadUnit, { role: 'participant', name: '李四', idNumber: '350502198001011235' })).body.id;
    await register('persons', leadUnit, { role: 'victim', name: '王五', idNumber: '350502199002024569' });
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    await register(`persons/${zhang}/claims`, leadUnit, { amountYuan: '100000.00', date: today });
    await register(`persons/${li}/claims`, leadUnit, { amountYuan: '50000.50', date: today });
    await register(`persons/${zhang}/refunds`, office, { amountYuan: '30000', date: today });
    await register(`persons/${li}/refunds`, office, { amountYuan: '50000.50', date: today });
    const q1 = (await register('petitions', letters, { referredTo: 'lc-social-affairs', personIds: [zhang, li], text: '要求清退' })).body.id;
    await register(`petitions/${q1}/supervise`, office, { note: '十日内答复' });
    await register(`petitions/${q1}/close`, leadUnit, { outcome: '已答复，按比例清退' });
    await register('petitions', letters, { referredTo: 'lc-finance', personIds: [zhang], text: '再次来访' });

    const view = await http().get(`/cases/${caseId}/aftermath`).set(office).expect(200);
    expect(view.body.totals).toEqual({
      persons: 3,
      claimants: 2,
      claimedYuan: '150000.50',
      refundedYuan: '80000.50',
      personsRefunded: 2,
      petitionsOpen: 1,
      petitionsClosed: 1,
    });
    const events = (await store.readStream(toAftermathStreamId(caseId))).length;
    const totals = view.body.totals;
    const expected = {
      caseId,
      registerPersons: totals.persons,
      claimants: totals.claimants,
      amountClaimedYuan: totals.claimedYuan,
      amountRefundedYuan: totals.refundedYuan,
      personsRefunded: totals.personsRefunded,
      petitionsOpen: totals.petitionsOpen,
      petitionsClosed: totals.petitionsClosed,
      petitions: totals.petitionsOpen + totals.petitionsClosed,
      petitioners: 2,
    };
    expect(await ledgerRow(caseId, events)).toMatchObject(expected);

    // Shredded: the identity is gone for everyone, the ledger's totals and the register's stay.
    await register(`persons/${zhang}/shred`, office, { reason: '本人申请删除个人信息' });
    const after = await http().get(`/cases/${caseId}/aftermath`).set(office).expect(200);
    expect(after.body.totals).toEqual(totals);
    expect(after.body.persons.find((p: { personId: string }) => p.personId === zhang)).toMatchObject({
      identityStatus: 'shredded',
      claimedYuan: '100000.00',
    });
    const sealed = (await store.readStream(toAftermathStreamId(caseId))).find(
      (e) => e.type === 'AftermathIdentitySealed' && (e.data as { personId: string }).personId === zhang,
    );
    const vault = new KeyVault(cases.get<DataSource>(READ_MODEL_TOKEN), Buffer.from(TEST_SECURITY_ENV.KEY_ENCRYPTION_KEY, 'hex'));
    await expect(vault.open((sealed?.data as { identity: never }).identity)).rejects.toThrow(/shredded/);
    expect(await ledgerRow(caseId, events + 1)).toMatchObject(expected);
    // Nothing of an identity reached the ledger.
    const [row] = await reporting!.dataSource.query(`SELECT * FROM "${reportingSchemaOf(reporting!.dataSource)}"."risk_ledger" WHERE case_id = $1`, [
      caseId,
    ]);
    expect(JSON.stringify(row)).not.toMatch(/张三丰|11010519491231002X|13800000000|李四/);
  });
});
