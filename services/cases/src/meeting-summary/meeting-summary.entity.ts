/**
 * The joint-meeting list (`meeting_summary`): one row per meeting stream, fed
 * by the bus from cases' own meeting events. GET /meetings reads it; GET
 * /meetings/:id still folds the stream. The row keeps the meeting's region
 * (`jurisdiction`), which is all need-to-know (canSeeMeeting) looks at, and
 * the stream version it reflects, so a redelivered event changes nothing.
 */
import { EntitySchema } from 'typeorm';

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

export const MeetingSummaryEntity = new EntitySchema<MeetingSummaryRow>({
  name: 'MeetingSummary',
  tableName: TABLE_MEETING_SUMMARY,
  columns: {
    meetingId: { name: 'meeting_id', type: 'varchar', length: 100, primary: true },
    level: { name: 'level', type: 'varchar', length: 20 },
    kind: { name: 'kind', type: 'varchar', length: 20 },
    title: { name: 'title', type: 'varchar', length: 500 },
    office: { name: 'office', type: 'varchar', length: 64 },
    jurisdiction: { name: 'jurisdiction', type: 'varchar', length: 6 },
    scheduledFor: { name: 'scheduled_for', type: 'varchar', length: 40 },
    status: { name: 'status', type: 'varchar', length: 20 },
    agendaCount: { name: 'agenda_count', type: 'integer' },
    decidedCount: { name: 'decided_count', type: 'integer' },
    updatedAt: { name: 'updated_at', type: 'varchar', length: 40 },
    version: { name: 'version', type: 'integer' },
  },
});
