/**
 * The in-app inbox of one person: the messages of their agency (and of their
 * roles, when a message names one), newest first, with whether they read
 * each, and the count of those they have not.
 */
import type { DomainActor, NoticeTemplate, NotificationParams } from '@jm/contracts';
import type { Lang } from '@jm/reference';
import type { DataSource, SelectQueryBuilder } from 'typeorm';
import { InboxEntity, InboxReadEntity, InboxRow } from '../channels.entities';
import { renderMessage } from '../notice/notice.templates';

export interface InboxItem {
  messageId: string;
  template: string;
  subject: string;
  body: string;
  locale: Lang;
  role?: string;
  sourceEventType: string;
  createdAt: string;
  read: boolean;
  readAt?: string;
}

function addressedTo(db: DataSource, reader: Pick<DomainActor, 'agency' | 'roles' | 'user'>, unreadOnly: boolean): SelectQueryBuilder<InboxRow> {
  const qb = db
    .getRepository(InboxEntity)
    .createQueryBuilder('i')
    .leftJoin(InboxReadEntity.options.name, 'r', 'r.message_id = i.message_id AND r.user_id = :user', { user: reader.user })
    .where('i.agency = :agency', { agency: reader.agency });
  if (reader.roles.length) qb.andWhere('(i.role IS NULL OR i.role IN (:...roles))', { roles: [...reader.roles] });
  else qb.andWhere('i.role IS NULL');
  if (unreadOnly) qb.andWhere('r.message_id IS NULL');
  return qb;
}

/** The language to render in: the one asked for, else the message's own. */
export function itemOf(row: InboxRow, readAt: string | null | undefined, lang: Lang | undefined): InboxItem {
  const locale = lang ?? (row.locale as Lang);
  const text = renderMessage(row.template as NoticeTemplate, JSON.parse(row.params) as NotificationParams, locale, row.messageId);
  return {
    messageId: row.messageId,
    template: row.template,
    ...text,
    locale,
    ...(row.role ? { role: row.role } : {}),
    sourceEventType: row.sourceEventType,
    createdAt: row.createdAt,
    read: Boolean(readAt),
    ...(readAt ? { readAt } : {}),
  };
}

export async function listInbox(db: DataSource, reader: DomainActor, options: { unread: boolean; page: number; pageSize: number; lang?: Lang }) {
  const qb = addressedTo(db, reader, options.unread);
  const total = await qb.getCount();
  const raw = await qb
    .clone()
    .addSelect('r.read_at', 'read_at')
    .orderBy('i.created_at', 'DESC')
    .addOrderBy('i.message_id', 'ASC')
    .offset((options.page - 1) * options.pageSize)
    .limit(options.pageSize)
    .getRawAndEntities();
  const items = raw.entities.map((row, i) => itemOf(row, (raw.raw[i] as { read_at?: string | null }).read_at, options.lang));
  return { items, total, page: options.page, pageSize: options.pageSize };
}

export async function unreadCount(db: DataSource, reader: DomainActor): Promise<number> {
  return addressedTo(db, reader, true).getCount();
}
