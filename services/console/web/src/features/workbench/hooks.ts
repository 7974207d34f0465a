/** The workbench's reads over notifications: my to-do list, my unit's counts, my inbox (unread first). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../app/api';

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** One to-do item as GET /worklist/mine answers it (docs/worklist.md). */
export interface TodoItem {
  itemId: string;
  kind: string;
  kindLabel: string;
  state: 'open' | 'closed';
  stateLabel: string;
  unit: string;
  unitName: string;
  subject: { kind: 'lead' | 'case' | 'meeting' | 'obligation'; id: string; no: string | null; title: string | null; meetingId: string | null };
  handedOver: { by: string; byName: string; user: string | null; at: string };
  due: { clockId: string; dueAt: string | null; status: string; statusLabel: string; missedAt: string | null } | null;
  action: { code: string | null; label: string | null };
}

export interface UnitCounts {
  unit: string;
  unitName: string;
  open: number;
  dueSoon: number;
  overdue: number;
}

export interface InboxItem {
  messageId: string;
  template: string;
  subject: string;
  body: string;
  createdAt: string;
  read: boolean;
}

export interface TodoFilter {
  state?: 'open' | 'closed';
  due?: 'soon' | 'overdue';
  page: number;
}

export function useMyTodos(filter: TodoFilter) {
  return useQuery({
    queryKey: ['worklist', 'mine', filter],
    queryFn: () => unwrap<Page<TodoItem>>(api.notifications.GET('/worklist/mine', { params: { query: { ...filter, pageSize: 10 } } })),
  });
}

export function useUnitCounts() {
  return useQuery({
    queryKey: ['worklist', 'counts'],
    queryFn: () => unwrap<{ dueSoonDays: number; units: UnitCounts[] }>(api.notifications.GET('/worklist/counts')),
  });
}

export function useInbox(unreadOnly: boolean) {
  return useQuery({
    queryKey: ['inbox', unreadOnly],
    queryFn: () => unwrap<Page<InboxItem>>(api.notifications.GET('/inbox', { params: { query: { unread: unreadOnly, pageSize: 10 } } })),
  });
}

export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (messageId: string) => unwrap(api.notifications.POST('/inbox/{messageId}/read', { params: { path: { messageId } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['inbox'] }),
  });
}
