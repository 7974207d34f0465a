/** Labels and timeline sentences: every event type, status and command has both languages; amounts read exactly. */
import { CASE_EVENT_LABELS, CASE_STATUS_LABELS, describeCaseEvent, formatYuan } from '@jm/contracts';
import { fold } from '@jm/event-sourcing';
import { CASE_COMMAND_TYPES, type CaseCommand } from './case.commands';
import { caseDecider } from './case.decider';
import { CASE_STREAM_EVENT_TYPES, type CaseEvent } from './case.events';
import { CASE_STATUSES } from './case';
import { CASE_COMMAND_LABELS } from './case.labels';
import {
  CASE_ID,
  CITY_MEETING_TITLE,
  DISTRICT_MEETING_TITLE,
  ev,
  HISTORY,
  lcOffice,
  openCase,
  qzConvener,
  SAMPLE_COMMANDS,
} from '../testing/case.fixtures';

const NAMES: Record<string, string> = {
  'lc-office': '鲤城区打击非法金融活动联席会议办公室',
  'lc-market': '鲤城区市场监督管理局',
  'lc-finance': '鲤城区发改局（金融办）',
  'lc-police': '泉州市公安局鲤城分局',
  'qz-office': '泉州市打击非法金融活动联席会议办公室',
};
const nameOf = (code: string) => NAMES[code] ?? code;
const c = { caseId: CASE_ID };

describe('label tables', () => {
  it('label every event type, status and command in zh-CN and English', () => {
    for (const table of [CASE_EVENT_LABELS, CASE_STATUS_LABELS, CASE_COMMAND_LABELS]) {
      for (const label of Object.values(table)) {
        expect(label['zh-CN']).toMatch(/\p{Script=Han}/u);
        expect(label.en).toMatch(/^[A-Z]/);
      }
    }
    expect(Object.keys(CASE_EVENT_LABELS).sort()).toEqual([...CASE_STREAM_EVENT_TYPES].sort());
    expect(Object.keys(CASE_STATUS_LABELS).sort()).toEqual([...CASE_STATUSES].sort());
    expect(Object.keys(CASE_COMMAND_LABELS).sort()).toEqual([...CASE_COMMAND_TYPES].sort());
    expect(CASE_EVENT_LABELS.CaseOpened['zh-CN']).toBe('立案');
    expect(CASE_EVENT_LABELS.TransferredToPolice['zh-CN']).toBe('移送公安');
    expect(CASE_EVENT_LABELS.RiskWrittenOff['zh-CN']).toBe('风险销号');
  });
});

describe('formatYuan', () => {
  it.each([
    ['3500000', '350万元', '3,500,000 yuan'],
    ['3500000.00', '350万元', '3,500,000 yuan'],
    ['123500', '12.35万元', '123,500 yuan'],
    ['123456', '123456元', '123,456 yuan'],
    ['5200000.5', '5200000.50元', '5,200,000.50 yuan'],
    ['9999', '9999元', '9,999 yuan'],
    ['10000', '1万元', '10,000 yuan'],
    ['100000000', '1亿元', '100,000,000 yuan'],
    ['120000000', '1.2亿元', '120,000,000 yuan'],
    ['123456789', '123456789元', '123,456,789 yuan'],
    ['9999999999999999.99', '9999999999999999.99元', '9,999,999,999,999,999.99 yuan'],
    ['0', '0元', '0 yuan'],
  ])('%s → %s / %s', (yuan, zh, en) => {
    expect(formatYuan(yuan, 'zh-CN')).toBe(zh);
    expect(formatYuan(yuan, 'en')).toBe(en);
  });
});

describe('describeCaseEvent', () => {
  it('says who did what, in Chinese', () => {
    const requested: CaseEvent = { type: 'DeterminationRequested', data: { ...c, by: 'lc-market', authority: 'lc-finance' } };
    expect(describeCaseEvent(requested, 'zh-CN', nameOf)).toBe('鲤城区市场监督管理局 提请性质认定，认定机关：鲤城区发改局（金融办）。');
    expect(describeCaseEvent(requested, 'en', nameOf)).toBe('鲤城区市场监督管理局 requested a nature determination from 鲤城区发改局（金融办）.');
    const opened = caseDecider.decide(openCase(), caseDecider.initialState())[0];
    expect(describeCaseEvent(opened, 'zh-CN', nameOf)).toBe(
      '鲤城区打击非法金融活动联席会议办公室 立案：泉州某某养老服务有限公司涉嫌非法集资（CASE-350502-2026-0001，非法集资·养老服务），牵头单位：鲤城区市场监督管理局，配合单位：泉州市公安局鲤城分局，涉案金额约350万元，涉及120人。',
    );
    const transferred = caseDecider.decide(SAMPLE_COMMANDS.TransferToPolice, fold(caseDecider, HISTORY.determined))[0];
    expect(describeCaseEvent(transferred, 'zh-CN', nameOf)).toBe(
      '鲤城区打击非法金融活动联席会议办公室 移送 泉州市公安局鲤城分局，请于 2026-04-08 前反馈是否立案。移送理由：涉嫌非法吸收公众存款罪',
    );
    const again: CaseEvent = { ...transferred, data: { ...transferred.data, transfer: 2 } } as CaseEvent;
    expect(describeCaseEvent(again, 'zh-CN', nameOf)).toContain('移送 泉州市公安局鲤城分局（第2次移送），请于');
    expect(describeCaseEvent(again, 'en', nameOf)).toContain('to 泉州市公安局鲤城分局 (transfer 2), answer due');
  });

  it('does not end a sentence twice when the free text already ends with a full stop', () => {
    const closed: CaseEvent = {
      type: 'CaseClosed',
      data: { ...c, reason: '风险已得到控制，申请销号。', approvedBy: 'lc-office', requestedBy: 'lc-market', note: '同意' },
    } as CaseEvent;
    expect(describeCaseEvent(closed, 'zh-CN', nameOf)).toBe(
      '鲤城区打击非法金融活动联席会议办公室 批准结案（鲤城区市场监督管理局 申请）：风险已得到控制，申请销号。审批意见：同意',
    );
  });

  it('shows the city decision and its receipt by the district', () => {
    const events = caseDecider.decide(
      {
        ...SAMPLE_COMMANDS.ApplyMeetingDecision,
        actor: qzConvener,
        meetingId: 'M-C1',
        meetingTitle: CITY_MEETING_TITLE,
        level: 'city',
        decision: 'determined',
        conclusion: 'illegal_fundraising',
        text: '认定为非法集资',
      },
      fold(caseDecider, HISTORY.at_city_meeting),
    );
    expect(events.map((e) => describeCaseEvent(e, 'zh-CN', nameOf))).toEqual([
      '市联席会议（《泉州市打击非法金融活动联席会议2026年第1次会议》）决定：作出性质认定，认定为非法集资。认定为非法集资',
      '鲤城区打击非法金融活动联席会议办公室 收到市联席会议决定（《泉州市打击非法金融活动联席会议2026年第1次会议》）：作出性质认定（非法集资）。',
      '性质认定：非法集资（市联席会议）。',
    ]);
  });

  describe('names the meeting by its title when the event carries it, by its id when it does not (events stored before titles)', () => {
    const withoutTitle = (event: CaseEvent): CaseEvent =>
      ({ ...event, data: Object.fromEntries(Object.entries(event.data).filter(([k]) => k !== 'meetingTitle')) }) as CaseEvent;
    const D = `《${DISTRICT_MEETING_TITLE}》`;
    const C = `《${CITY_MEETING_TITLE}》`;
    const OFFICE = NAMES['lc-office'];
    it.each<[string, CaseEvent, string, string, string, string]>([
      [
        'ReferredToDistrictMeeting',
        ev.referred,
        `${OFFICE} 提请区联席会议研究（${D}）：是否认定为非法集资？`,
        `${OFFICE} referred the case to the district joint meeting (${D}): 是否认定为非法集资？`,
        `${OFFICE} 提请区联席会议研究（会议 M-D1）：是否认定为非法集资？`,
        `${OFFICE} referred the case to the district joint meeting (M-D1): 是否认定为非法集资？`,
      ],
      [
        'EscalatedToCityMeeting',
        ev.escalated,
        `${OFFICE} 提请市联席会议研究（${C}）：是否认定为非法集资？`,
        `${OFFICE} escalated the case to the city joint meeting (${C}): 是否认定为非法集资？`,
        `${OFFICE} 提请市联席会议研究（会议 M-C1）：是否认定为非法集资？`,
        `${OFFICE} escalated the case to the city joint meeting (M-C1): 是否认定为非法集资？`,
      ],
      [
        'MeetingDecisionApplied',
        ev.districtEscalate,
        `区联席会议（${D}）决定：提请市联席会议。争议较大，提请市联席会议`,
        `District joint meeting (${D}) decided: Escalate to the city joint meeting. 争议较大，提请市联席会议`,
        '区联席会议（M-D1）决定：提请市联席会议。争议较大，提请市联席会议',
        'District joint meeting (M-D1) decided: Escalate to the city joint meeting. 争议较大，提请市联席会议',
      ],
      [
        'DecisionReceivedFromCity',
        ev.receivedFromCity,
        `${OFFICE} 收到市联席会议决定（${C}）：作出性质认定（非法集资）。`,
        `${OFFICE} received the city joint meeting's decision (${C}): Nature determined (Illegal fundraising).`,
        `${OFFICE} 收到市联席会议决定（M-C1）：作出性质认定（非法集资）。`,
        `${OFFICE} received the city joint meeting's decision (M-C1): Nature determined (Illegal fundraising).`,
      ],
    ])('%s', (_type, event, zhTitled, enTitled, zhOld, enOld) => {
      expect(describeCaseEvent(event, 'zh-CN', nameOf)).toBe(zhTitled);
      expect(describeCaseEvent(event, 'en', nameOf)).toBe(enTitled);
      expect(describeCaseEvent(withoutTitle(event), 'zh-CN', nameOf)).toBe(zhOld);
      expect(describeCaseEvent(withoutTitle(event), 'en', nameOf)).toBe(enOld);
    });
  });

  it('gives a sentence for every event the decider can produce, in both languages', () => {
    const produced: CaseEvent[] = [...HISTORY.closed];
    const extra: CaseCommand[] = [
      openCase({ subjects: [{ kind: 'company', name: '厦门某某投资有限公司', region: '350203' }], amountYuan: '150000000' }),
    ];
    for (const command of extra) produced.push(...caseDecider.decide(command, caseDecider.initialState()));
    for (const type of CASE_COMMAND_TYPES) {
      for (const status of CASE_STATUSES) {
        try {
          produced.push(...caseDecider.decide(SAMPLE_COMMANDS[type], fold(caseDecider, HISTORY[status])));
        } catch {
          // Refused here: some other status produces it.
        }
      }
    }
    produced.push(
      { type: 'KeyCaseFlagCleared', data: { ...c, by: 'lc-office', flag: 'cross_region', reason: '已移交' } },
      { type: 'ClosureRejected', data: { ...c, by: lcOffice.agency, reason: '善后未完成' } },
      { type: 'CriminalCaseConcluded', data: { ...c, by: 'lc-court' } },
      { type: 'TransferDeclinedByPolice', data: { ...c, police: 'lc-police', reasons: ['未达追诉标准', '证据不足'] } },
      {
        type: 'FundsMonitoringAnswered',
        data: { ...c, requestId: 'F1', by: 'qz-pbc', outcome: 'frozen', frozenAmountYuan: '860000.00', note: '已冻结' },
      },
    );
    expect(new Set(produced.map((e) => e.type))).toEqual(new Set(CASE_STREAM_EVENT_TYPES));
    for (const event of produced) {
      const zh = describeCaseEvent(event, 'zh-CN', nameOf);
      const en = describeCaseEvent(event, 'en', nameOf);
      expect(zh).toMatch(/\p{Script=Han}/u);
      expect(zh).not.toMatch(/undefined|\[object/);
      expect(en).not.toMatch(/undefined|\[object/);
      expect(en.length).toBeGreaterThan(10);
    }
  });
});
