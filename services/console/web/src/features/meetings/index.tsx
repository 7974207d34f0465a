/** 会议: joint meetings — scheduling, the agenda, the convener's decisions. */
import type { ConsoleFeature } from '../../app/features';
import { messagesOf } from '../cases/locales';
import { MeetingDetailPage, MeetingListPage } from './MeetingsPages';

export const meetingsFeature: ConsoleFeature = {
  key: 'meetings',
  menu: [{ path: '/meetings', labelKey: 'meetings.menu', order: 30, roles: ['office_officer', 'convener', 'unit_officer', 'street_officer'] }],
  routes: [
    { path: 'meetings', element: <MeetingListPage /> },
    { path: 'meetings/:meetingId', element: <MeetingDetailPage /> },
  ],
  messages: messagesOf({
    'meetings.menu': ['会议', 'Meetings'],
    'meetings.heading': ['联席会议', 'Joint meetings'],
    'meetings.status': ['会议状态', 'Status'],
    'meetings.empty': ['暂无会议', 'No meetings'],
    'meetings.schedule': ['安排会议', 'Schedule a meeting'],
    'meetings.agendaCount': ['议题数', 'Agenda items'],
    'meetings.decidedCount': ['已决定', 'Decided'],
    'meetings.back': ['← 返回会议列表', '← Back to meetings'],
    'meetings.agenda': ['会议议题', 'Agenda'],
    'meetings.agendaEmpty': ['暂无议题', 'Nothing on the agenda'],
    'meetings.addAgenda': ['列入议题', 'Put a case on the agenda'],
    'meetings.decide': ['记录会议决定', 'Record a decision'],
    'meetings.close': ['结束会议', 'Close the meeting'],
    'meetings.closeConfirm': ['结束后会议不再作出决定，确定结束？', 'A closed meeting decides nothing more. Close it?'],
    'meetings.undecided': ['待决定', 'Not decided'],
    'meetings.source': ['来源', 'Source'],
    'meetings.source.manual': ['联席办列入', 'Added by the office'],
    'meetings.source.referral': ['提请研究', 'Referred'],
    'meetings.form.level': ['会议级别', 'Level'],
    'meetings.form.kind': ['会议类型', 'Kind'],
    'meetings.form.scheduledFor': ['会议时间', 'Scheduled for'],
    'meetings.form.title': ['会议名称', 'Title'],
    'meetings.form.caseId': ['案件', 'Case'],
    'meetings.form.question': ['研究事项', 'Question'],
    'meetings.form.decision': ['会议决定', 'Decision'],
    'meetings.form.conclusion': ['认定性质', 'Nature determined'],
    'meetings.form.text': ['会议纪要', 'Minutes'],
  }),
};
