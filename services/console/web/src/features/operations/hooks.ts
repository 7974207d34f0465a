/** 停放事件's reads and commands: each service's /admin/parked-events and notifications' /admin/dead-letters, through the gateway. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../app/api';

export const OPERATED_SERVICES = ['intake', 'cases', 'notifications', 'reporting'] as const;
export type OperatedService = (typeof OPERATED_SERVICES)[number];
export type ParkedStatus = 'parked' | 'replayed' | 'discarded';
export type DeadLetterStatus = 'dead' | 'discarded';

export interface ParkedSummary {
  group: string;
  eventId: string;
  eventType: string;
  streamId: string;
  topic: string;
  source: string;
  position: string;
  attempts: number;
  parkedAt: string;
  status: ParkedStatus;
  replayedAt: string | null;
  discardedAt: string | null;
  discardedBy: string | null;
  discardReason: string | null;
}

export interface ParkedDetail extends ParkedSummary {
  payloadFormat: 'event' | 'raw';
  payload: unknown;
  error: string;
}

export interface DeadLetter {
  messageId: string;
  target: string;
  channel: string;
  recipientAgency: string;
  status: DeadLetterStatus;
  attempts: number;
  lastError: string | null;
  updatedAt: string;
}

export interface DeadLetterDetail {
  messageId: string;
  request: Record<string, unknown>;
  targets: DeadLetter[];
  discards: { target: string; by: string; at: string; reason: string }[];
}

interface Page<T> {
  items: T[];
  total: number;
}

// Every service mounts the same operations module: one client type serves all four.
const client = (service: OperatedService) => api[service] as unknown as typeof api.intake;
const seg = encodeURIComponent;

export function useParkedEvents(service: OperatedService, status: ParkedStatus | undefined, page: number, pageSize: number) {
  return useQuery({
    queryKey: ['operations', service, 'parked', status, page, pageSize],
    placeholderData: keepPreviousData,
    queryFn: () => unwrap<Page<ParkedSummary>>(client(service).GET('/admin/parked-events', { params: { query: { status, page, pageSize } } })),
  });
}

export function useParkedEvent(service: OperatedService, item: { group: string; eventId: string } | undefined) {
  return useQuery({
    queryKey: ['operations', service, 'parked-event', item?.group, item?.eventId],
    enabled: !!item,
    queryFn: () =>
      unwrap<ParkedDetail>(
        client(service).GET('/admin/parked-events/{group}/{eventId}', { params: { path: { group: item!.group, eventId: item!.eventId } } }),
      ),
  });
}

export function useDeadLetters(status: DeadLetterStatus, page: number, pageSize: number, enabled: boolean) {
  return useQuery({
    queryKey: ['operations', 'notifications', 'dead', status, page, pageSize],
    enabled,
    placeholderData: keepPreviousData,
    queryFn: () => unwrap<Page<DeadLetter>>(api.notifications.GET('/admin/dead-letters', { params: { query: { status, page, pageSize } } })),
  });
}

export function useDeadLetter(messageId: string | undefined) {
  return useQuery({
    queryKey: ['operations', 'notifications', 'dead-letter', messageId],
    enabled: !!messageId,
    queryFn: () =>
      unwrap<DeadLetterDetail>(api.notifications.GET('/admin/dead-letters/{messageId}', { params: { path: { messageId: messageId! } } })),
  });
}

/** Replay, retry or discard; every list and detail of the operations page is read again after it. */
export function useOperation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (op: { service: OperatedService; path: string; reason?: string }) => {
      // The path is built from ids the lists answered, each segment encoded; the body only for a discard.
      const post = client(op.service).POST as unknown as (
        path: string,
        init: object,
      ) => Promise<{ data?: unknown; error?: unknown; response: Response }>;
      return unwrap(post(op.path, op.reason === undefined ? {} : { body: { reason: op.reason } }));
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['operations'] }),
  });
}

export const parkedPath = (item: { group: string; eventId: string }, action: 'replay' | 'discard') =>
  `/admin/parked-events/${seg(item.group)}/${seg(item.eventId)}/${action}`;
export const deadLetterPath = (item: { messageId: string; target: string }, action: 'retry' | 'discard') =>
  `/admin/dead-letters/${seg(item.messageId)}/${seg(item.target)}/${action}`;
