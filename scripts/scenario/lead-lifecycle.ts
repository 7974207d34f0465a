/**
 * The issue #3 scenario as an API client, shared by `npm run demo` and the
 * end-to-end test: a public lead about an illegal fundraising scheme, a
 * duplicate about the same company from a street, then triage, verification,
 * a case, investigation, determination referred to the district meeting,
 * escalation to the city meeting, decision, transfer to the police, acceptance,
 * closure and risk write-off (销号). Each step is a real HTTP call with a token
 * of the agency that acts; eventually consistent steps are polled with a deadline.
 */
import type { Role } from '@jm/reference';
import { ApiClient } from './http-client';

export interface ScenarioEndpoints {
  intake: string;
  cases: string;
}

export type MintToken = (agency: string, roles: Role[], user: string) => string;

/** Moments of the scenario at which a caller may look around (the demo prints to-do lists there). */
export type ScenarioMoment = { moment: 'routed'; leadId: string } | { moment: 'closure_requested'; leadId: string; caseId: string };

export interface ScenarioResult {
  receiptNo: string;
  receiptSecret: string;
  leadId: string;
  duplicateLeadId: string;
  caseId: string;
  caseNo: string;
  districtMeetingId: string;
  cityMeetingId: string;
  /** The case timeline as GET /cases/:id shows it (zh-CN). */
  timeline: Array<{ at: string; type: string; by: { agency: string; name: string; user: string }; text: string }>;
  publicStatus: { status: string; label: string };
}

/** A valid unified social credit code for the (fictional) company of the scenario. */
export const SCENARIO_CREDIT_CODE = '91350502MA32K7XQ5G';

const MATCH_REASON_LABELS: Record<string, string> = {
  credit_code: '统一社会信用代码',
  company_name: '企业名称',
  website: '网址',
  app: '应用名称',
  phone: '电话号码',
};

interface Accepted {
  streamId: string;
  version: number;
  events: string[];
}

/**
 * Steps 1 to 6 in the district: the public lead and its duplicate, triage, verification, the case, investigation,
 * determination and the district joint meeting, which decides to escalate: the case then awaits the city.
 */
export interface ScenarioOptions {
  tag?: string;
  timeoutMs?: number;
  lang?: 'zh-CN' | 'en';
  at?: (moment: ScenarioMoment) => Promise<void>;
}

type CaseView = {
  status: string;
  version: number;
  state: { facts?: { caseNo?: string } } & Record<string, unknown>;
  timeline: ScenarioResult['timeline'];
};

/** Where runToCityEscalation leaves the scenario: the clients, the tokens of who acts, and the district case awaiting the city. */
export interface DistrictEscalation {
  t: (zh: string, en: string) => string;
  intake: ApiClient;
  cases: ApiClient;
  tag: string;
  timeoutMs: number;
  tokens: Record<'office' | 'convener' | 'street' | 'unit' | 'authority' | 'cityOffice' | 'cityConvener' | 'police', string>;
  receipt: { receiptNo: string; secret: string };
  leadId: string;
  duplicateLeadId: string;
  caseId: string;
  caseNo: string;
  districtMeetingId: string;
  /** Polls the district case until it has the status (with the office's token unless another is given). */
  waitCase: (status: string, token?: string) => Promise<CaseView>;
}

export async function runToCityEscalation(
  endpoints: ScenarioEndpoints,
  mint: MintToken,
  say: (line: string) => void = () => undefined,
  options: ScenarioOptions = {},
): Promise<DistrictEscalation> {
  const t = (zh: string, en: string): string => (options.lang === 'en' ? en : zh);
  const intake = new ApiClient(endpoints.intake);
  const cases = new ApiClient(endpoints.cases);
  const tag = options.tag ?? new Date().toISOString().slice(0, 19);
  const timeoutMs = options.timeoutMs ?? 30000;
  const office = mint('lc-office', ['office_officer'], 'lc-office-zhang');
  const convener = mint('lc-office', ['convener'], 'lc-convener-chen');
  const street = mint('lc-st-haibin', ['street_officer'], 'haibin-grid-lin');
  const unit = mint('lc-social-affairs', ['unit_officer'], 'social-affairs-wu');
  const authority = mint('lc-finance', ['unit_officer'], 'finance-office-huang');
  const cityOffice = mint('qz-office', ['office_officer'], 'qz-office-he');
  const cityConvener = mint('qz-office', ['convener'], 'qz-convener-guo');
  const police = mint('lc-police', ['unit_officer'], 'licheng-police-zheng');
  const title = `群众举报：某某养老服务公司以“养老公寓预售”高息揽储（${tag}）`;

  // 1. The public reports, anonymously to everyone but the office (identity sealed).
  const receipt = await intake.post<{ receiptNo: string; secret: string }>('/public/leads', undefined, {
    title,
    description: '该公司在海滨街道设点，以预售养老公寓床位、承诺年化12%返利为名向老年人吸收资金，已有数百人参与。',
    category: 'illegal_fundraising',
    field: 'pension',
    street: 'lc-st-haibin',
    location: '鲤城区海滨街道某路88号',
    amountYuan: '35000000',
    participants: 420,
    channel: 'hotline',
    subjects: [
      { kind: 'company', name: '泉州市鲤城区某某养老服务有限公司', creditCode: SCENARIO_CREDIT_CODE },
      { kind: 'phone', phone: '0595-22881234' },
    ],
    informant: { name: '王某某', phone: '13905951234', address: '鲤城区海滨街道' },
  });
  say(
    t(
      `群众通过举报电话提交线索，取得回执号 ${receipt.receiptNo}（举报人身份已加密保存）`,
      `A member of the public reported by hotline; receipt ${receipt.receiptNo} (identity sealed)`,
    ),
  );

  // 2. The office sees it in triage once intake's report reaches cases over the bus.
  const triage = await cases.waitFor<{ items: Array<{ leadId: string; title: string | null; status: string }> }>(
    '/triage?status=awaiting_triage&pageSize=200',
    office,
    (page) => page.items.some((t) => t.title === title),
    'the public lead in the office triage list',
    timeoutMs,
  );
  const leadId = triage.items.find((t) => t.title === title)!.leadId;
  say(t(`线索已报送区联席办，进入分办队列（线索 ${leadId}）`, `The lead reached the district office's triage queue (lead ${leadId})`));

  // 3. A street grid worker reports the same company under another spelling: intake links them.
  const duplicate = await intake.post<Accepted & { leadId: string }>('/leads', street, {
    title: `网格员排查：某某养老服务有限责任公司疑似非法集资（${tag}）`,
    description: '网格员走访发现该公司门店张贴高息返利宣传单。',
    category: 'illegal_fundraising',
    field: 'pension',
    street: 'lc-st-haibin',
    source: 'grid_worker',
    channel: 'agency_system',
    subjects: [
      { kind: 'company', name: '泉州市鲤城区某某养老服务 有限责任公司' },
      { kind: 'phone', phone: '059522881234' },
    ],
  });
  const duplicateLeadId = duplicate.leadId;
  const linked = await intake.waitFor<{ links: Array<{ target: { kind: string; id: string }; score: number; reasons: Array<{ kind: string }> }> }>(
    `/leads/${duplicateLeadId}`,
    office,
    (view) => view.links.some((l) => l.target.id === leadId),
    'the duplicate lead linked to the first',
    timeoutMs,
  );
  const link = linked.links.find((l) => l.target.id === leadId)!;
  say(
    t(
      `海滨街道报送重复线索，系统按${link.reasons.map((r) => MATCH_REASON_LABELS[r.kind] ?? r.kind).join('、')}匹配到首条线索（匹配度 ${link.score}）`,
      `Haibin street reported the same company again; matched to the first lead by ${link.reasons.map((r) => r.kind).join(', ')} (score ${link.score})`,
    ),
  );
  await intake.post(`/leads/${duplicateLeadId}/links/confirm`, office, { target: { kind: 'lead', id: leadId } });
  say(t('区联席办确认两条线索指向同一主体', 'The office confirmed both leads concern the same company'));

  // 4. Routing by the rules: pension → 社会事务综合服务中心, street as the territorial unit.
  const routed = await cases.post<Accepted>(`/triage/${leadId}/route`, office, {});
  say(
    t(
      `区联席办按领域分办规则将线索交办（${routed.events.join('、')}）`,
      `The office routed the lead by the field rules (${routed.events.join(', ')})`,
    ),
  );
  await options.at?.({ moment: 'routed', leadId });
  await cases.post(`/triage/${leadId}/verification`, unit);
  const founded = await cases.post<Accepted & { caseId: string }>(`/triage/${leadId}/feedback`, unit, { outcome: 'founded' });
  const caseId = founded.caseId;
  say(t('牵头单位核查属实并反馈，立案处置', 'The lead unit verified it as founded; a case was opened'));

  const waitCase = (status: string, token = office): Promise<CaseView> =>
    cases.waitFor<CaseView>(`/cases/${caseId}`, token, (c) => c.status === status, `case ${caseId} to be ${status}`, timeoutMs);
  const opened = await waitCase('investigating');
  const caseNo = opened.state.facts?.caseNo ?? caseId;

  // 5. Investigation and determination.
  await cases.post(`/cases/${caseId}/findings`, unit, {
    text: '经调查，该公司未取得任何金融业务许可，以预售床位名义承诺固定回报，吸收资金约3500万元。',
    amountYuan: '35000000',
    participants: 420,
  });
  await cases.post(`/cases/${caseId}/determination/request`, unit, { authority: 'lc-finance' });
  await cases.post(`/cases/${caseId}/determination/opinion`, authority, {
    conclusion: 'illegal_fundraising',
    disputed: true,
    text: '初步认定涉嫌非法集资，但与合法养老服务预付费的界限存在争议，建议提请联席会议研究。',
  });
  say(t('调查取证完毕，行政主管部门出具认定意见（存在争议）', 'Investigation done; the competent authority gave a disputed opinion'));

  // 6. District joint meeting, which escalates to the city joint meeting (逐级上报).
  const district = await cases.post<Accepted & { meetingId: string }>('/meetings', office, {
    level: 'district',
    kind: 'full',
    scheduledFor: '2026-12-01T02:00:00.000Z',
    title: `区联席会议第12次全体会议（${tag}）`,
  });
  await cases.post(`/cases/${caseId}/refer-to-district-meeting`, office, { meetingId: district.meetingId, question: '请审议该案性质认定' });
  await cases.waitFor<{ agenda?: Array<{ caseId: string }>; state?: { agenda?: Array<{ caseId: string }> } }>(
    `/meetings/${district.meetingId}`,
    convener,
    (m) => JSON.stringify(m).includes(caseId),
    'the case on the district meeting agenda',
    timeoutMs,
  );
  await cases.post(`/meetings/${district.meetingId}/decisions`, convener, {
    caseId,
    decision: 'escalate',
    text: '案情复杂、涉及面广，提请市联席会议认定。',
  });
  await waitCase('awaiting_city_escalation');
  say(t('区联席会议审议后决定提请市联席会议', 'The district joint meeting escalated it to the city joint meeting'));
  return {
    t,
    intake,
    cases,
    tag,
    timeoutMs,
    tokens: { office, convener, street, unit, authority, cityOffice, cityConvener, police },
    receipt,
    leadId,
    duplicateLeadId,
    caseId,
    caseNo,
    districtMeetingId: district.meetingId,
    waitCase,
  };
}

export async function runLeadLifecycle(
  endpoints: ScenarioEndpoints,
  mint: MintToken,
  say: (line: string) => void = () => undefined,
  options: ScenarioOptions = {},
): Promise<ScenarioResult> {
  const escalation = await runToCityEscalation(endpoints, mint, say, options);
  const { t, intake, cases, tag, timeoutMs, receipt, leadId, duplicateLeadId, caseId, caseNo, waitCase } = escalation;
  const { office, unit, cityOffice, cityConvener, police } = escalation.tokens;
  const city = await cases.post<Accepted & { meetingId: string }>('/meetings', cityOffice, {
    level: 'city',
    kind: 'partial',
    scheduledFor: '2026-12-08T02:00:00.000Z',
    title: `市联席会议专题会议（${tag}）`,
  });
  await cases.post(`/cases/${caseId}/escalate-to-city-meeting`, office, { meetingId: city.meetingId, question: '提请认定是否构成非法集资' });
  await cases.waitFor(
    `/meetings/${city.meetingId}`,
    cityConvener,
    (m) => JSON.stringify(m).includes(caseId),
    'the case on the city meeting agenda',
    timeoutMs,
  );
  await cases.post(`/meetings/${city.meetingId}/decisions`, cityConvener, {
    caseId,
    decision: 'determined',
    conclusion: 'illegal_fundraising',
    text: '认定为非法集资，移送公安机关依法查处。',
  });
  await waitCase('determined');
  say(
    t('市联席会议认定为非法集资，决定结果反馈区联席办', 'The city joint meeting determined illegal fundraising; the district received the decision'),
  );

  // 7. Transfer to the police, acceptance (立案), closure and write-off (销号).
  await cases.post(`/cases/${caseId}/transfer-to-police`, office, { police: 'lc-police', reason: '涉嫌非法吸收公众存款罪' });
  await cases.post(`/cases/${caseId}/transfer/accept`, police, {
    filedOn: '2026-12-10',
    policeCaseNo: `鲤公经立字〔2026〕${tag.replace(/\D/g, '').slice(-4)}号`,
  });
  say(t('移送公安，公安分局立案侦查', 'Transferred to the police, who filed a criminal case'));
  await cases.post(`/cases/${caseId}/closure/request`, unit, { summary: '主要涉案人员已被刑事立案，风险已得到控制，申请销号。' });
  await options.at?.({ moment: 'closure_requested', leadId, caseId });
  await cases.post(`/cases/${caseId}/closure/approve`, office, { note: '同意销号' });
  const closed = await waitCase('closed');
  say(t('区联席办审批同意，案件办结并销号', 'The office approved closure; the case is closed and the risk written off'));

  // 8. The informant follows up with the receipt only (one call: public follow-ups are rate-limited).
  await intake.waitFor<{ publicStatus: string }>(
    `/leads/${leadId}`,
    office,
    (v) => v.publicStatus === 'closed',
    'intake to learn the case closed',
    timeoutMs,
  );
  const publicStatus = await intake.get<{ status: string; label: string }>('/public/leads/status', undefined, {
    'X-Receipt-No': receipt.receiptNo,
    'X-Receipt-Secret': receipt.secret,
    ...(options.lang === 'en' ? { 'Accept-Language': 'en' } : {}),
  });
  say(t(`举报人凭回执查询进度：${publicStatus.label}`, `The informant checked the receipt: ${publicStatus.label}`));

  return {
    receiptNo: receipt.receiptNo,
    receiptSecret: receipt.secret,
    leadId,
    duplicateLeadId,
    caseId,
    caseNo,
    districtMeetingId: escalation.districtMeetingId,
    cityMeetingId: city.meetingId,
    timeline: closed.timeline,
    publicStatus,
  };
}
