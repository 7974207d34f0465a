/**
 * Issue 16 end to end: intake, cases and reporting as processes on PostgreSQL
 * and Kafka, each with its own store. A public lead becomes a case with a lead
 * and a cooperating unit; after the determination both units record the
 * administrative measures within their duty (seed 000: 各成员部门根据各自职责依法作出
 * 行政处罚), and reporting's enforcement table, fed over Kafka only, counts each
 * measure for the unit that imposed it.
 */
import { testToken } from '@jm/platform/testing';
import type { Role } from '@jm/reference';
import { ApiClient } from '../../scripts/scenario/http-client';
import { ServiceFleet } from './support/service-fleet';

jest.setTimeout(240_000);

const token = (agency: string, roles: Role[]) => testToken(agency, roles, `${agency}-e2e`);
const office = token('lc-office', ['office_officer']);
const lead = token('lc-social-affairs', ['unit_officer']);
const cooperating = token('lc-market', ['unit_officer']);
const authority = token('lc-finance', ['unit_officer']);
const analyst = token('lc-office', ['analyst']);

/** The month of an instant in China time (the statistics tables' periods). */
const chinaMonth = (at: Date): string => new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 7);

type Row = Record<string, string | number | null>;

describe('casework over PostgreSQL and Kafka: measures counted for the unit that imposed them', () => {
  const fleet = new ServiceFleet();
  afterAll(() => fleet.stop(), 60_000);

  it('given a lead unit and a cooperating unit on a determined case, when each records its measures, then the enforcement table counts them per unit', async () => {
    const [intake, cases, reporting] = await Promise.all([fleet.start('intake'), fleet.start('cases'), fleet.start('reporting')]);
    const [intakeApi, casesApi, reportingApi] = [new ApiClient(intake.url), new ApiClient(cases.url), new ApiClient(reporting.url)];
    const month = chinaMonth(new Date());
    const title = `群众举报：某农业合作社以入股分红为名吸收资金（${fleet.topicPrefix}）`;
    await intakeApi.post('/public/leads', undefined, {
      title,
      description: '该合作社以入股分红、保本付息为名向村民吸收资金。',
      category: 'illegal_fundraising',
      field: 'pension',
      street: 'lc-st-haibin',
      amountYuan: '8000000',
      participants: 60,
      channel: 'hotline',
      subjects: [{ kind: 'company', name: '泉州市鲤城区某某农业专业合作社' }],
    });
    const triage = await casesApi.waitFor<{ items: Array<{ leadId: string; title: string | null }> }>(
      '/triage?status=awaiting_triage&pageSize=200',
      office,
      (page) => page.items.some((t) => t.title === title),
      'the lead in the office triage list',
      60_000,
    );
    const leadId = triage.items.find((t) => t.title === title)!.leadId;
    await casesApi.post(`/triage/${leadId}/route`, office, {});
    await casesApi.post(`/triage/${leadId}/verification`, lead);
    const { caseId } = await casesApi.post<{ caseId: string }>(`/triage/${leadId}/feedback`, lead, { outcome: 'founded' });
    await casesApi.waitFor<{ status: string }>(`/cases/${caseId}`, office, (c) => c.status === 'investigating', 'the case opened', 60_000);
    await casesApi.post(`/cases/${caseId}/units`, office, { leadUnit: 'lc-social-affairs', cooperatingUnits: ['lc-market'] });
    await casesApi.post(`/cases/${caseId}/determination/request`, office, { authority: 'lc-finance' });
    await casesApi.post(`/cases/${caseId}/determination/opinion`, authority, {
      conclusion: 'illegal_fundraising',
      disputed: false,
      text: '构成非法集资',
    });
    await casesApi.post(`/cases/${caseId}/determination/accept`, office, {});
    await casesApi.waitFor<{ status: string }>(`/cases/${caseId}`, office, (c) => c.status === 'determined', 'the case determined', 60_000);

    await casesApi.post(`/cases/${caseId}/measures`, lead, { measure: 'penalty', amountYuan: '10000', text: '罚款一万元' });
    await casesApi.post(`/cases/${caseId}/measures`, cooperating, { measure: 'penalty', amountYuan: '50000', text: '罚款五万元' });
    await casesApi.post(`/cases/${caseId}/measures`, cooperating, { measure: 'order_rectify', text: '责令限期整改' });

    const table = await reportingApi.waitFor<{ rows: Row[]; total: Row }>(
      `/statistics/enforcement?period=${month}&by=unit`,
      analyst,
      (t) => t.total.penalties === 2 && t.total.otherMeasures === 1,
      'the three measures in the enforcement table',
      60_000,
    );
    const row = (unit: string) => table.rows.find((r) => r.dimensionCode === unit);
    expect(row('lc-social-affairs')).toMatchObject({ penalties: 1, penaltyAmount: '10000.00', otherMeasures: 0 });
    expect(row('lc-market')).toMatchObject({ penalties: 1, penaltyAmount: '50000.00', otherMeasures: 1 });
    expect(table.total).toMatchObject({ penalties: 2, penaltyAmount: '60000.00', otherMeasures: 1 });
  });
});
