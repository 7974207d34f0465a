/** Sentences for every stream's events in both languages; a sealed informant identity is named, never shown. */
import { describeEvent, SYSTEM_AGENCY } from './event-descriptions';
import { EVENT_TYPE_LABELS, chinaDateTime, eventTypeLabel } from './event-labels';
import type { LeadReceivedData, LeadSummary } from './lead-contracts';

const NAMES: Record<string, string> = {
  'lc-office': '鲤城区打击非法金融活动联席会议办公室',
  'lc-st-haibin': '海滨街道办事处',
  'lc-social-affairs': '鲤城区民政局',
  'qz-office': '泉州市打击非法金融活动联席会议办公室',
};
const nameOf = (code: string) => NAMES[code] ?? code;

const summary: LeadSummary = {
  leadId: 'L1',
  receiptNo: 'R-1',
  title: '某养老公寓以预售床位名义吸收资金',
  category: 'illegal_fundraising',
  field: 'pension',
  source: 'public_report',
  channel: 'hotline',
  jurisdiction: '350502',
  receivedBy: 'lc-st-haibin',
  receivedAt: '2026-03-02T01:00:00.000Z',
  subjects: [{ kind: 'person', name: '张三', phone: '13800000000' }],
  matchKeys: [],
  amountYuan: '3500000',
  major: false,
};
const received: LeadReceivedData = {
  ...summary,
  anonymous: false,
  informant: { keyId: 'k1', iv: 'aaaa', ciphertext: 'SEALED-CIPHERTEXT', tag: 'bbbb' } as never,
  description: '举报人李四（电话 13900000000）反映',
  evidence: [],
  office: 'lc-office',
  reportDeadline: '2026-03-03T01:00:00.000Z',
};

describe('describeEvent', () => {
  it('describes a received lead without the informant identity, the description or personal subjects', () => {
    const zh = describeEvent({ type: 'LeadReceived', data: received }, 'zh-CN', nameOf);
    expect(zh).toBe(
      '海滨街道办事处 接收线索（首问负责）：某养老公寓以预售床位名义吸收资金（非法集资·养老服务；来源：群众举报·举报电话；举报人身份(已加密)；涉案金额约350万元），应于 2026-03-03 09:00:00 前报告 鲤城区打击非法金融活动联席会议办公室。',
    );
    const en = describeEvent({ type: 'LeadReceived', data: received }, 'en', nameOf);
    expect(en).toContain('informant identity (encrypted)');
    for (const text of [zh, en]) {
      expect(text).not.toMatch(/SEALED|李四|张三|1390000|1380000/);
    }
    expect(describeEvent({ type: 'LeadReceived', data: { ...received, anonymous: true, informant: undefined } }, 'zh-CN', nameOf)).toContain(
      '匿名举报',
    );
  });

  it.each<[string, unknown, string, string]>([
    [
      'LeadRouted',
      { leadId: 'L1', unit: 'lc-social-affairs', street: 'lc-st-haibin', rule: 'field:pension', deadline: '2026-03-17T01:00:00.000Z' },
      '线索分派至 鲤城区民政局 核查，属地街道：海滨街道办事处，请于 2026-03-17 前反馈（规则：field:pension）。',
      'The lead was routed to 鲤城区民政局 for verification, street: 海滨街道办事处; feedback due by 2026-03-17 (rule: field:pension).',
    ],
    [
      'LeadFounded',
      { leadId: 'L1', unit: 'lc-social-affairs', caseId: 'C1' },
      '鲤城区民政局 核查反馈：线索属实，立案 C1。',
      '鲤城区民政局 fed back: founded; case C1 opened.',
    ],
    [
      'TriageOpened',
      { leadId: 'L1', office: 'lc-office', summary },
      '鲤城区打击非法金融活动联席会议办公室 开始研判线索：某养老公寓以预售床位名义吸收资金（非法集资·养老服务）。',
      '鲤城区打击非法金融活动联席会议办公室 opened triage of the lead "某养老公寓以预售床位名义吸收资金" (Illegal fundraising, Elderly care).',
    ],
    [
      'MeetingScheduled',
      {
        meetingId: 'M-D1',
        level: 'district',
        kind: 'full',
        scheduledFor: '2026-04-01T02:00:00.000Z',
        title: '2026年第1次会议',
        office: 'lc-office',
        jurisdiction: '350502',
      },
      '鲤城区打击非法金融活动联席会议办公室 安排区联席会议（全体会议）《2026年第1次会议》，时间 2026-04-01 10:00:00。',
      '鲤城区打击非法金融活动联席会议办公室 scheduled the district joint meeting (full meeting) 《2026年第1次会议》 for 2026-04-01 10:00:00.',
    ],
    [
      'RecordAccessed',
      {
        resourceType: 'lead',
        resourceId: 'L1',
        agency: 'lc-office',
        user: 'u1',
        roles: ['office_officer'],
        fields: ['informant_identity'],
        purpose: '核实身份',
        granted: false,
      },
      '鲤城区打击非法金融活动联席会议办公室 u1 查阅线索 L1被拒绝（内容：举报人身份；用途：核实身份）。',
      '鲤城区打击非法金融活动联席会议办公室 u1 was refused lead L1 (informant identity; purpose: 核实身份).',
    ],
    [
      'AuditAnchorRecorded',
      {
        anchorId: 'A1',
        at: '2026-03-02T01:00:00.000Z',
        headPosition: 42,
        streams: 3,
        events: 40,
        chunks: 1,
        digest: 'ab'.repeat(32),
        trigger: 'manual',
      },
      '生成审计锚点 A1：3 个事件流、40 个事件，截至位置 42，摘要 abababababababab…',
      'Audit anchor A1: 3 stream(s), 40 event(s) up to position 42, digest abababababababab…',
    ],
    [
      'CaseOpened',
      {
        caseId: 'C1',
        caseNo: 'CASE-1',
        title: '某公司涉嫌非法集资',
        leadIds: ['L1'],
        category: 'illegal_fundraising',
        field: 'pension',
        jurisdiction: '350502',
        office: 'lc-office',
        leadUnit: 'lc-social-affairs',
        cooperatingUnits: [],
        subjects: [],
        matchKeys: [],
        by: 'lc-office',
      },
      '鲤城区打击非法金融活动联席会议办公室 立案：某公司涉嫌非法集资（CASE-1，非法集资·养老服务），牵头单位：鲤城区民政局。',
      '鲤城区打击非法金融活动联席会议办公室 opened case CASE-1 "某公司涉嫌非法集资" (Illegal fundraising, Elderly care); lead unit: 鲤城区民政局.',
    ],
    [
      'CaseOpened',
      {
        caseId: 'C2',
        caseNo: 'CASE-1',
        title: '某公司涉嫌非法集资',
        leadIds: [],
        category: 'illegal_fundraising',
        field: 'pension',
        jurisdiction: '350502',
        office: 'qz-office',
        leadUnit: 'lc-social-affairs',
        cooperatingUnits: [],
        subjects: [],
        matchKeys: [],
        origin: {
          deployment: 'lc',
          caseId: 'C1',
          caseNo: 'CASE-1',
          office: 'lc-office',
          districtMeeting: { meetingId: 'M1', text: '提请' },
          question: '定性',
          findings: [],
          opinions: [],
        },
        by: 'lc-office',
      },
      '鲤城区打击非法金融活动联席会议办公室 从 lc 平台提请市联席会议：某公司涉嫌非法集资（CASE-1，非法集资·养老服务），牵头单位：鲤城区民政局。',
      '鲤城区打击非法金融活动联席会议办公室 escalated from deployment lc CASE-1 "某公司涉嫌非法集资" (Illegal fundraising, Elderly care); lead unit: 鲤城区民政局.',
    ],
    [
      'EscalatedToCityMeeting',
      { caseId: 'C1', meetingId: 'deployment:qz', cityDeployment: 'qz', districtMeetingId: 'M1', question: '定性', by: 'lc-office' },
      '鲤城区打击非法金融活动联席会议办公室 提请市联席会议研究（报送 qz 平台）：定性',
      '鲤城区打击非法金融活动联席会议办公室 escalated the case to the city joint meeting (sent to deployment qz): 定性',
    ],
  ])('%s', (type, data, zh, en) => {
    expect(describeEvent({ type, data }, 'zh-CN', nameOf)).toBe(zh);
    expect(describeEvent({ type, data }, 'en', nameOf)).toBe(en);
  });

  it('names the platform itself as the system and reads an unknown type as its code, never its data', () => {
    const anchor = {
      type: 'RecordAccessed',
      data: { resourceType: 'audit', resourceId: 'x', agency: SYSTEM_AGENCY, user: 'cli', roles: [], fields: ['summary'], granted: true },
    };
    expect(describeEvent(anchor, 'zh-CN', nameOf)).toBe('系统 cli 查阅审计 x（内容：概要）。');
    expect(describeEvent({ type: 'SomethingNew', data: { secret: 'x1' } }, 'zh-CN', nameOf)).toBe('SomethingNew（未收录说明的事件类型）。');
    expect(describeEvent({ type: 'SomethingNew', data: { secret: 'x1' } }, 'en', nameOf)).not.toContain('x1');
  });

  it('labels every type in both languages and shows instants in China Standard Time', () => {
    for (const label of Object.values(EVENT_TYPE_LABELS)) {
      expect(label['zh-CN']).toMatch(/\p{Script=Han}/u);
      expect(label.en).toMatch(/^[A-Z]/);
    }
    expect(eventTypeLabel('LeadRouted', 'en')).toBe('Lead routed');
    expect(chinaDateTime('2026-03-02T17:30:00.000Z')).toBe('2026-03-03 01:30:00');
  });
});
