/** 管理's reads and commands: the console's /admin routes (accounts, agencies) and notifications' channels and calendar. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, consoleFetch, unwrap, unwrapOrNull } from '../../app/api';
import type { Role } from '../../app/features';
import type { Locale } from '../../app/i18n';

export interface ManagedAgency {
  code: string;
  name: string | Record<Locale, string>;
  allowedRoles: Role[];
  totpRequired: boolean;
}

export type AccountStatus = 'active' | 'disabled' | 'locked';

export interface AccountView {
  id: string;
  agency: string;
  username: string;
  displayName: string;
  roles: Role[];
  status: AccountStatus;
  mustChangePassword: boolean;
  totpEnabled: boolean;
  external: boolean;
  createdAt: string;
  lastSignInAt?: string;
}

export function agencyLabel(agency: ManagedAgency, locale: Locale): string {
  return typeof agency.name === 'string' ? agency.name : (agency.name[locale] ?? agency.code);
}

/** The agencies the admin manages (a list, or a page of them). */
export function useManagedAgencies() {
  return useQuery({
    queryKey: ['admin', 'agencies'],
    queryFn: async () => {
      const answer = await consoleFetch<ManagedAgency[] | { items: ManagedAgency[] }>('/admin/agencies');
      return Array.isArray(answer) ? answer : answer.items;
    },
  });
}

export interface AccountQuery {
  agency?: string;
  status?: AccountStatus;
  page: number;
  pageSize: number;
}

export function useAccounts(query: AccountQuery, enabled: boolean) {
  const params = new URLSearchParams(Object.entries(query).flatMap(([key, value]) => (value === undefined ? [] : [[key, String(value)]])));
  return useQuery({
    queryKey: ['admin', 'accounts', query],
    enabled,
    queryFn: () => consoleFetch<{ items: AccountView[]; total: number }>(`/admin/accounts?${params.toString()}`),
  });
}

/** Any /admin command; the accounts and agencies lists are read again after it. */
export function useAdminCommand<T = unknown>() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ path, method = 'POST', body }: { path: string; method?: 'POST' | 'PUT'; body?: unknown }) =>
      consoleFetch<T>(path, { method, body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['admin'] }),
  });
}

export interface ChannelChoice {
  agency: string;
  inbox: true;
  emails: string[];
  webhooks: { id: string; url: string; secretEnv: string }[];
  locale: Locale;
  source: string;
  version: number | null;
}

export function useChannels(agency: string) {
  return useQuery({
    queryKey: ['channels', agency],
    enabled: !!agency,
    queryFn: () => unwrap<ChannelChoice>(api.notifications.GET('/notification-channels/{agency}', { params: { path: { agency } } })),
  });
}

export function useSaveChannels(agency: string, version: number | null | undefined) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { emails: string[]; webhooks: ChannelChoice['webhooks']; locale: Locale }) =>
      unwrap(
        api.notifications.PUT('/notification-channels/{agency}', {
          params: { path: { agency }, header: { 'If-Match': version === null || version === undefined ? undefined : `"${version}"` } },
          body,
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['channels', agency] }),
  });
}

export interface HolidayYear {
  year: number;
  source?: string;
  holidays: { from: string; to: string; name: Record<Locale, string> }[];
  workdays: { date: string; name: Record<Locale, string> }[];
}

export function useCalendarYears() {
  return useQuery({
    queryKey: ['calendar'],
    queryFn: () => unwrap<{ years: number[] }>(api.notifications.GET('/calendar')),
  });
}

/** One year's calendar, or null when the service has none for it (404: weekdays only). */
export function useCalendarYear(year: number) {
  return useQuery({
    queryKey: ['calendar', year],
    queryFn: () => unwrapOrNull<HolidayYear>(api.notifications.GET('/calendar/{year}', { params: { path: { year } } }), 404),
  });
}

export function useSaveCalendarYear(year: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: HolidayYear) => unwrap(api.notifications.PUT('/calendar/{year}', { params: { path: { year } }, body: body as never })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['calendar'] }),
  });
}
