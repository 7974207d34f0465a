/** Adds the `meeting_summary` table from its declaration (a new migration: the earlier ones are never edited). */
import { createTablesMigration } from '@jm/read-model';
import { MEETING_SUMMARY } from './meeting-summary.entity';

export const CreateMeetingSummary1766000000000 = createTablesMigration('CreateMeetingSummary1766000000000', [MEETING_SUMMARY]);
