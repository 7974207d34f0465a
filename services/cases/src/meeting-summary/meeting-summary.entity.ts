/**
 * The joint-meeting list (`meeting_summary`): one row per meeting stream, fed
 * by the bus from cases' own meeting events. GET /meetings reads it; GET
 * /meetings/:id still folds the stream. The row keeps the meeting's region
 * (`jurisdiction`), which is all need-to-know (canSeeMeeting) looks at, and
 * the stream version it reflects, so a redelivered event changes nothing.
 */
import { column, entityOf, TableSpec } from '@jm/read-model';

export interface MeetingSummaryRow {
  meetingId: string;
  level: string;
  kind: string;
  title: string;
  /** The convening office. */
  office: string;
  /** The convening office's region: who may see the meeting is decided from it. */
  jurisdiction: string;
  scheduledFor: string;
  status: string;
  agendaCount: number;
  decidedCount: number;
  updatedAt: string;
  version: number;
}

export const TABLE_MEETING_SUMMARY = 'meeting_summary';

const { varchar, integer } = column;

export const MEETING_SUMMARY: TableSpec<MeetingSummaryRow> = {
  table: TABLE_MEETING_SUMMARY,
  ddl: 'table-api',
  columns: [
    varchar('meetingId', 'meeting_id', 100, { primary: true }),
    varchar('level', 'level', 20),
    varchar('kind', 'kind', 20),
    varchar('title', 'title', 500),
    varchar('office', 'office', 64),
    varchar('jurisdiction', 'jurisdiction', 6),
    varchar('scheduledFor', 'scheduled_for', 40),
    varchar('status', 'status', 20),
    integer('agendaCount', 'agenda_count'),
    integer('decidedCount', 'decided_count'),
    varchar('updatedAt', 'updated_at', 40),
    integer('version', 'version'),
  ],
  indexes: [
    { name: 'ix_meeting_summary_jurisdiction', keys: ['jurisdiction', 'status'] },
    { name: 'ix_meeting_summary_scheduled_for', keys: ['scheduled_for'] },
  ],
};

export const MeetingSummaryEntity = entityOf<MeetingSummaryRow>('MeetingSummary', MEETING_SUMMARY);
