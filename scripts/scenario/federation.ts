/**
 * Issue 18's scenario across three deployments, shared by the federation
 * end-to-end test and `npm run demo:federation`:
 *  1. 鲤城区 (lc): a public lead becomes a case that the district joint meeting
 *     escalates (runToCityEscalation); the district office escalates it to the
 *     city, which another deployment serves, without naming a city meeting.
 *  2. 泉州市 (qz): its cases opens a record of its own linked to lc's case; the
 *     city office puts it on a city meeting, whose convener decides.
 *  3. lc: the decision comes back and moves the district's case.
 *  4. Cross-region (跨区域): a second lc case has a subject in 丰泽区 (fz); fz
 *     gets a negotiation and disagrees; qz, the common superior, decides which
 *     region leads, and both districts show the binding decision.
 *  5. fz receives a lead of its own; the city's statistics count both districts.
 * Every step is an HTTP call with a token of the acting agency signed by its
 * own deployment's key; eventually consistent steps are polled with a deadline.
 */
import type { Role } from '@jm/reference';
import { ApiClient } from './http-client';
import { DistrictEscalation, MintToken, runToCityEscalation, ScenarioOptions } from './lead-lifecycle';

export type DeploymentId = 'lc' | 'fz' | 'qz';
export type FederatedService = 'intake' | 'cases' | 'reporting';

export interface FederationScenarioOptions extends ScenarioOptions {
  /** Runs right after lc escalated to the city (the test kills the city's cases there). */
  afterEscalation?: () => Promise<void>;
  /** The month the statistics are read for (YYYY-MM, China time); this month by default. */
  month?: string;
}

/** What one deployment shows of the scenario, in its own words (zh-CN by default). */
export interface DeploymentTimeline {
  deployment: DeploymentId;
  title: string;
  entries: Array<{ at: string; text: string }>;
}

export interface FederationScenarioResult {
  district: { caseId: string; caseNo: string; status: string };
  city: { recordId: string; caseNo: string; meetingId: string };
  crossRegion: { caseId: string; caseNo: string; negotiationId: string; leadRegion: string };
  statistics: { leadsReceived: number; includes: Array<{ deployment: string; month: string }> };
  timelines: DeploymentTimeline[];
}

interface CaseListItem {
  caseId: string;
  caseNo: string;
  title: string | null;
  status: string;
  origin?: { deployment: string; caseId: string; caseNo: string; office: string } | null;
}

interface CaseDetail {
  status: string;
  timeline: Array<{ at: string; text: string }>;
}

interface NegotiationView {
  negotiationId: string;
  kind: string;
  status: string;
  statusLabel: string;
  case: { caseNo: string };
  decision?: { leadRegion: string; reason: string; by: string };
}

/** The month of an instant in China time. */
export const chinaMonth = (at: Date): string => new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 7);

export async function runFederationScenario(
  url: (deployment: DeploymentId, service: FederatedService) => string,
  mint: MintToken,
  say: (deployment: DeploymentId, line: string) => void = () => undefined,
  options: FederationScenarioOptions = {},
): Promise<FederationScenarioResult> {
  const t = (zh: string, en: string): string => (options.lang === 'en' ? en : zh);
  const timeoutMs = options.timeoutMs ?? 60000;
  const tag = options.tag ?? new Date().toISOString().slice(0, 19);
  // Clients are made per call: a restarted process listens on a new port.
  const api = (deployment: DeploymentId, service: FederatedService) => new ApiClient(url(deployment, service));
  const as = (agency: string, roles: Role[], user: string) => mint(agency, roles, user);
  const qzOffice = as('qz-office', ['office_officer'], 'qz-office-he');
  const qzConvener = as('qz-office', ['convener'], 'qz-convener-guo');
  const fzOffice = as('fz-office', ['office_officer'], 'fz-office-cai');

  // 1. In lc, up to the district meeting's escalation; then the escalation to the city of another deployment.
  const district: DistrictEscalation = await runToCityEscalation(
    { intake: url('lc', 'intake'), cases: url('lc', 'cases') },
    mint,
    (line) => say('lc', line),
    { ...options, timeoutMs },
  );
  await district.cases.post(`/cases/${district.caseId}/escalate-to-city-meeting`, district.tokens.office, {
    question: '提请市联席会议认定是否构成非法集资',
  });
  say(
    'lc',
    t(
      '区联席办提请市联席会议（市级平台另行部署，经联邦消息送达）',
      'The district office escalated to the city meeting (another deployment, by a federation message)',
    ),
  );
  await options.afterEscalation?.();

  // 2. In qz: the city's own record, a city meeting, its decision.
  const listed = await api('qz', 'cases').waitFor<{ items: CaseListItem[] }>(
    '/cases?pageSize=100',
    qzOffice,
    (page) => page.items.some((c) => c.origin?.caseId === district.caseId),
    "the city's record of lc's case",
    timeoutMs,
  );
  const record = listed.items.find((c) => c.origin?.caseId === district.caseId) as CaseListItem;
  say(
    'qz',
    t(
      `收到鲤城区提请，建立本级记录 ${record.caseNo}（关联 ${district.caseNo}）`,
      `Received lc's escalation: record ${record.caseNo} (of ${district.caseNo})`,
    ),
  );
  const { meetingId } = await api('qz', 'cases').post<{ meetingId: string }>('/meetings', qzOffice, {
    level: 'city',
    kind: 'partial',
    scheduledFor: '2026-12-08T02:00:00.000Z',
    title: `市联席会议专题会议（${tag}）`,
  });
  await api('qz', 'cases').post(`/meetings/${meetingId}/agenda`, qzOffice, { caseId: record.caseId, question: 'escalation' });
  await api('qz', 'cases').waitFor<CaseDetail>(
    `/cases/${record.caseId}`,
    qzOffice,
    (c) => c.status === 'at_city_meeting',
    'the record on the city meeting',
    timeoutMs,
  );
  await api('qz', 'cases').post(`/meetings/${meetingId}/decisions`, qzConvener, {
    caseId: record.caseId,
    decision: 'determined',
    conclusion: 'illegal_fundraising',
    text: '认定为非法集资，由鲤城区依法处置并移送公安机关。',
  });
  say('qz', t('市联席会议认定为非法集资，决定发回鲤城区', 'The city meeting determined illegal fundraising; the decision goes back to lc'));

  // 3. Back in lc: the decision moved the district's case.
  const decided = await district.waitCase('determined');
  say('lc', t('收到市联席会议决定，案件已认定', "The city meeting's decision arrived; the case is determined"));

  // 4. Cross-region: a second lc case with a subject in fz's region.
  const crossTitle = `群众举报：某财富管理公司在鲤城、丰泽两地设点揽储（${tag}）`;
  await district.intake.post('/public/leads', undefined, {
    title: crossTitle,
    description: '该公司在鲤城区、丰泽区均设有门店，以理财返利为名吸收资金。',
    category: 'illegal_fundraising',
    field: 'pension',
    street: 'lc-st-haibin',
    amountYuan: '12000000',
    participants: 150,
    channel: 'hotline',
    subjects: [
      { kind: 'company', name: '泉州某某财富管理有限公司鲤城分公司', region: '350502' },
      { kind: 'company', name: '泉州某某财富管理有限公司', region: '350503' },
    ],
  });
  const triage = await district.cases.waitFor<{ items: Array<{ leadId: string; title: string | null }> }>(
    '/triage?status=awaiting_triage&pageSize=200',
    district.tokens.office,
    (page) => page.items.some((item) => item.title === crossTitle),
    'the cross-region lead in triage',
    timeoutMs,
  );
  const crossLead = (triage.items.find((item) => item.title === crossTitle) as { leadId: string }).leadId;
  // Pension, as the first lead: the rules route it to the same lead unit (lc-social-affairs).
  await district.cases.post(`/triage/${crossLead}/route`, district.tokens.office, {});
  await district.cases.post(`/triage/${crossLead}/verification`, district.tokens.unit);
  const { caseId: crossCase } = await district.cases.post<{ caseId: string }>(`/triage/${crossLead}/feedback`, district.tokens.unit, {
    outcome: 'founded',
  });
  say('lc', t('跨区域线索核查属实立案，涉案主体位于丰泽区，向丰泽区通报', 'A cross-region case opened; a subject is in fz, which is notified'));
  const asked = await api('fz', 'cases').waitFor<{ items: Array<{ negotiationId: string; kind: string; status: string }> }>(
    '/negotiations?pageSize=50',
    fzOffice,
    (page) => page.items.some((n) => n.kind === 'negotiation' && n.status === 'awaiting_answer'),
    "fz's negotiation",
    timeoutMs,
  );
  const listedNegotiation = asked.items.find((n) => n.kind === 'negotiation' && n.status === 'awaiting_answer') as { negotiationId: string };
  const negotiation = await api('fz', 'cases').get<NegotiationView>(`/negotiations/${listedNegotiation.negotiationId}`, fzOffice);
  say(
    'fz',
    t(`收到鲤城区跨区域通报（${negotiation.case.caseNo}），协商主办地`, `Notice from lc (${negotiation.case.caseNo}): negotiating the lead region`),
  );
  await api('fz', 'cases').post(`/negotiations/${negotiation.negotiationId}/answer`, fzOffice, {
    agree: false,
    reason: '主要资金归集地、主要行为发生地均在鲤城区，不同意由丰泽区主办',
  });
  say('fz', t('不同意鲤城区的主办意见，报共同上级', "Disagreed with lc's proposal; referred to the common superior"));
  await api('qz', 'cases').waitFor<NegotiationView>(
    `/negotiations/${negotiation.negotiationId}`,
    qzOffice,
    (n) => n.kind === 'dispute' && n.status === 'awaiting_decision',
    "qz's dispute",
    timeoutMs,
  );
  await api('qz', 'cases').post(`/negotiations/${negotiation.negotiationId}/decision`, qzOffice, {
    leadRegion: '350502',
    reason: '主要资金归集地在鲤城区，由鲤城区主办，丰泽区配合',
  });
  say('qz', t('作为共同上级裁决：由鲤城区主办，丰泽区配合', 'As the common superior: lc leads, fz assists'));
  for (const [deployment, token] of [
    ['lc', district.tokens.office],
    ['fz', fzOffice],
  ] as const) {
    await api(deployment, 'cases').waitFor<NegotiationView>(
      `/negotiations/${negotiation.negotiationId}`,
      token,
      (n) => n.status === 'decided',
      `the binding decision in ${deployment}`,
      timeoutMs,
    );
    say(deployment, t('收到共同上级裁决，对本方具有约束力', "The common superior's decision arrived and binds this side"));
  }

  // 5. fz's own lead; the city's statistics count both districts.
  await api('fz', 'intake').post('/leads', as('fz-st-donghai', ['street_officer'], 'donghai-grid-xu'), {
    title: `网格员排查：某投资咨询公司疑似非法集资（${tag}）`,
    description: '网格员走访发现该公司以高息返利为名吸收资金。',
    category: 'illegal_fundraising',
    field: 'pension',
    street: 'fz-st-donghai',
    source: 'grid_worker',
    channel: 'agency_system',
    subjects: [{ kind: 'company', name: '泉州丰泽某某投资咨询有限公司' }],
  });
  say('fz', t('东海街道网格员报送线索', 'A Donghai street grid worker reported a lead'));
  const month = options.month ?? chinaMonth(new Date());
  type Table = { total: Record<string, number | string>; includes?: Array<{ deployment: string; month: string }> };
  const table = await api('qz', 'reporting').waitFor<Table>(
    `/statistics/work-statistics?period=${month}&by=unit`,
    as('qz-office', ['analyst'], 'qz-analyst-su'),
    (answer) => new Set((answer.includes ?? []).map((s) => s.deployment)).size === 2,
    "the city's statistics including both districts",
    timeoutMs,
  );
  say(
    'qz',
    t(
      `市级统计表（${month}）汇总两区上报：受理线索 ${String(table.total.leadsReceived)} 条，含 ${(table.includes ?? []).map((s) => s.deployment).join('、')}`,
      `The city's table (${month}) adds both districts' figures: ${String(table.total.leadsReceived)} leads received, from ${(table.includes ?? []).map((s) => s.deployment).join(', ')}`,
    ),
  );

  // What each deployment shows, in its own words.
  const lcCase = await district.cases.get<CaseDetail>(`/cases/${district.caseId}`, district.tokens.office);
  const qzRecord = await api('qz', 'cases').get<CaseDetail>(`/cases/${record.caseId}`, qzOffice);
  const fzView = await api('fz', 'cases').get<NegotiationView>(`/negotiations/${negotiation.negotiationId}`, fzOffice);
  const lcCross = await district.cases.get<{ state: { facts?: { caseNo?: string } } }>(`/cases/${crossCase}`, district.tokens.office);
  return {
    district: { caseId: district.caseId, caseNo: district.caseNo, status: decided.status },
    city: { recordId: record.caseId, caseNo: record.caseNo, meetingId },
    crossRegion: {
      caseId: crossCase,
      caseNo: lcCross.state.facts?.caseNo ?? crossCase,
      negotiationId: negotiation.negotiationId,
      leadRegion: fzView.decision?.leadRegion ?? '',
    },
    statistics: { leadsReceived: Number(table.total.leadsReceived), includes: table.includes ?? [] },
    timelines: [
      { deployment: 'lc', title: t(`案件 ${district.caseNo}`, `case ${district.caseNo}`), entries: lcCase.timeline },
      {
        deployment: 'qz',
        title: t(`本级记录 ${record.caseNo}（鲤城区提请）`, `record ${record.caseNo} (escalated by lc)`),
        entries: qzRecord.timeline,
      },
      {
        deployment: 'fz',
        title: t(`跨区域协商 ${negotiation.case.caseNo}`, `cross-region negotiation ${negotiation.case.caseNo}`),
        entries: [{ at: '', text: `${fzView.statusLabel}${fzView.decision ? `：${fzView.decision.reason}` : ''}` }],
      },
    ],
  };
}
