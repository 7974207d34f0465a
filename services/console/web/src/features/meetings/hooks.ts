/** Data of the meeting screens over api.cases' /meetings routes; commands send If-Match with the meeting's version. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../app/api';
import type { paths } from '../../api/cases';
import type { Page } from '../cases/hooks';

export interface MeetingRow {
  meetingId: string;
  level: string;
  kind: string;
  title: string;
  office: string;
  jurisdiction: string;
  scheduledFor: string;
  status: string;
  agendaCount: number;
  decidedCount: number;
  updatedAt: string;
  version: number;
}

export interface Meeting extends Omit<MeetingRow, 'agendaCount' | 'decidedCount' | 'updatedAt'> {
  agenda: Array<{ caseId: string; question: string; source: 'manual' | 'referral' }>;
  decisions: Array<{ caseId: string; decision: string; conclusion?: string; text: string; by: string }>;
}

type ListQuery = NonNullable<paths['/meetings']['get']['parameters']['query']>;

export function useMeetings(query: ListQuery) {
  return useQuery({
    queryKey: ['cases', 'meetings', 'list', query],
    queryFn: async () => (await unwrap(api.cases.GET('/meetings', { params: { query } }))) as unknown as Page<MeetingRow>,
    placeholderData: (previous) => previous,
  });
}

export function useMeeting(meetingId: string) {
  return useQuery({
    queryKey: ['cases', 'meetings', 'one', meetingId],
    queryFn: async () => (await unwrap(api.cases.GET('/meetings/{meetingId}', { params: { path: { meetingId } } }))) as unknown as Meeting,
  });
}

export function useScheduleMeeting() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      unwrap(api.cases.POST('/meetings', { body: body as never })) as Promise<unknown> as Promise<{ meetingId: string }>,
    onSuccess: () => client.invalidateQueries({ queryKey: ['cases', 'meetings'] }),
  });
}

/** POST /meetings/{meetingId}/<path> (agenda, decisions, close) with If-Match. */
export function useMeetingCommand(meetingId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ path, body, version }: { path: 'agenda' | 'decisions' | 'close'; body?: Record<string, unknown>; version: number }) =>
      unwrap(
        api.cases.POST(`/meetings/{meetingId}/${path}` as '/meetings/{meetingId}/agenda', {
          params: { path: { meetingId }, header: { 'If-Match': `"${version}"` } as never },
          body: body as never,
        }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: ['cases'] }),
  });
}
