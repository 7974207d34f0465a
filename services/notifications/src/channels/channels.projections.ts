/** The inbox's read marks as a projection: the channels' bus controller calls it, and so does the restore drill's replay (notifications.projections.ts). */
import { NOTIFICATION_STREAM_PREFIX } from '@jm/contracts';
import type { NotificationReadData } from '@jm/contracts';
import { projection } from '@jm/platform';
import { recordRead } from './delivery/outbox';

export const CHANNEL_PROJECTIONS = {
  readMarks: projection({
    name: 'notification_inbox_read',
    types: ['NotificationRead'],
    streamPrefix: NOTIFICATION_STREAM_PREFIX,
    project: (event, { manager }) => recordRead(manager, event.data as NotificationReadData),
  }),
};
