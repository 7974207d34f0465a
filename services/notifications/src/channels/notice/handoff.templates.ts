/**
 * What a hand-off notice says (docs/worklist.md), in zh-CN and English: the
 * receiving unit and the one that handed over by their registry names, the
 * subject by its case or receipt number and title, and what to do next.
 */
import { MEETING_DECISION_LABELS } from '@jm/contracts';
import { labelOf } from '@jm/reference';
import type { HandoffTemplate } from '@jm/contracts';
import type { Lang } from '@jm/reference';
import type { Template, Words } from './notice-words';

const zhNote = (w: Words) => (w.note ? `\n说明：${w.note}` : '');
const enNote = (w: Words) => (w.note ? `\nNote: ${w.note}` : '');
const zhMeeting = (w: Words) => (w.meeting ? `「${w.meeting}」` : '');
const enMeeting = (w: Words) => (w.meeting ? ` "${w.meeting}"` : '');

export const HANDOFF_TEMPLATE_TEXTS: Record<HandoffTemplate, Record<Lang, Template>> = {
  handoff_lead_routed: {
    'zh-CN': (w) => ({
      subject: `【待办】${w.what} 已分派贵单位核查`,
      body: `${w.unit}：\n${w.from} 将 ${w.what}${w.title} 分派贵单位核查，请按期反馈核查结果。`,
    }),
    en: (w) => ({
      subject: `[To do] ${w.what} was routed to you for verification`,
      body: `${w.unit}:\n${w.from} routed ${w.what}${w.title} to you for verification. Please report the result in time.`,
    }),
  },
  handoff_determination_requested: {
    'zh-CN': (w) => ({
      subject: `【待办】${w.what} 请求出具性质认定意见`,
      body: `${w.unit}：\n${w.from} 就 ${w.what}${w.title} 请求贵单位出具性质认定意见，请按期办理。`,
    }),
    en: (w) => ({
      subject: `[To do] Determination requested on ${w.what}`,
      body: `${w.unit}:\n${w.from} asks you for a nature determination on ${w.what}${w.title}. Please issue your opinion in time.`,
    }),
  },
  handoff_transferred_to_police: {
    'zh-CN': (w) => ({
      subject: `【待办】${w.what} 已移送贵单位`,
      body: `${w.unit}：\n${w.from} 将 ${w.what}${w.title} 移送贵单位，请审查并作出立案或不予立案决定。${zhNote(w)}`,
    }),
    en: (w) => ({
      subject: `[To do] ${w.what} was transferred to you`,
      body: `${w.unit}:\n${w.from} transferred ${w.what}${w.title} to you. Please review it and file the case or decline it.${enNote(w)}`,
    }),
  },
  handoff_police_declined: {
    'zh-CN': (w) => ({
      subject: `【待办】${w.what} 公安机关不予立案`,
      body: `${w.unit}：\n${w.from} 对 ${w.what}${w.title} 决定不予立案。请决定下一步：再次移送、行政处理或结案。${zhNote(w)}`,
    }),
    en: (w) => ({
      subject: `[To do] The police declined ${w.what}`,
      body: `${w.unit}:\n${w.from} declined to file ${w.what}${w.title}. Please decide what follows: transfer again, handle it administratively, or close it.${enNote(w)}`,
    }),
  },
  handoff_put_on_agenda: {
    'zh-CN': (w) => ({
      subject: `【待办】${w.what} 已列入会议议程`,
      body: `${w.unit}：\n${w.what}${w.title} 已列入联席会议${zhMeeting(w)}议程（${w.from}），待会议作出决定。`,
    }),
    en: (w) => ({
      subject: `[To do] ${w.what} is on a meeting's agenda`,
      body: `${w.unit}:\nThe ${w.what}${w.title} was put on the agenda of the joint meeting${enMeeting(w)} (${w.from}) and awaits its decision.`,
    }),
  },
  handoff_escalated_to_city: {
    'zh-CN': (w) => ({
      subject: `【待办】${w.what} 提请市联席会议`,
      body: `${w.unit}：\n${w.from} 将 ${w.what}${w.title} 提请市联席会议${zhMeeting(w)}研究决定。`,
    }),
    en: (w) => ({
      subject: `[To do] ${w.what} escalated to the city joint meeting`,
      body: `${w.unit}:\n${w.from} escalated ${w.what}${w.title} to the city joint meeting${enMeeting(w)} for its decision.`,
    }),
  },
  handoff_decision_received: {
    'zh-CN': (w) => ({
      subject: `【待办】${w.what} 收到市联席会议决定`,
      body: `${w.unit}：\n市联席会议${zhMeeting(w)}对 ${w.what}${w.title} 的决定：${labelOf(MEETING_DECISION_LABELS, w.note, 'zh-CN')}。请贵单位落实。`,
    }),
    en: (w) => ({
      subject: `[To do] City decision received on ${w.what}`,
      body: `${w.unit}:\nThe city joint meeting${enMeeting(w)} decided on ${w.what}${w.title}: ${labelOf(MEETING_DECISION_LABELS, w.note, 'en')}. Please act on it.`,
    }),
  },
  handoff_closure_approved: {
    'zh-CN': (w) => ({
      subject: `【通知】${w.what} 结案申请已批准`,
      body: `${w.unit}：\n${w.from} 已批准 ${w.what}${w.title} 的结案申请，案件已结案。`,
    }),
    en: (w) => ({
      subject: `[Notice] Closure of ${w.what} approved`,
      body: `${w.unit}:\n${w.from} approved the closure of ${w.what}${w.title}; the case is closed.`,
    }),
  },
  handoff_closure_refused: {
    'zh-CN': (w) => ({
      subject: `【待办】${w.what} 结案申请被退回`,
      body: `${w.unit}：\n${w.from} 退回了 ${w.what}${w.title} 的结案申请，请补充办理后再申请。${zhNote(w)}`,
    }),
    en: (w) => ({
      subject: `[To do] Closure of ${w.what} refused`,
      body: `${w.unit}:\n${w.from} refused the closure of ${w.what}${w.title}. Please complete the work and ask again.${enNote(w)}`,
    }),
  },
  handoff_cross_region: {
    'zh-CN': (w) => ({
      subject: `【跨区域通报】${w.what} 涉及贵辖区`,
      body: `${w.unit}：\n${w.from} 通报：${w.what}${w.title} 的当事人涉及贵辖区，请协查。${zhNote(w)}`,
    }),
    en: (w) => ({
      subject: `[Cross-region notice] ${w.what} concerns your region`,
      body: `${w.unit}:\n${w.from} notifies you that a party of ${w.what}${w.title} is in your region. Please assist.${enNote(w)}`,
    }),
  },
};
