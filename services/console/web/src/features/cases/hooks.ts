/** Data of the case screens over api.cases (TanStack Query); commands send If-Match with the version the user saw. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../app/api';
import { useI18n } from '../../app/i18n';
import type { paths } from '../../api/cases';
import type { CaseView } from './case-actions';

export interface CaseRow {
  caseId: string;
  caseNo: string;
  title: string;
  status: string;
  category: string;
  field: string;
  jurisdiction: string;
  street: string | null;
  office: string;
  leadUnit: string;
  openedAt: string;
  updatedAt: string;
  version: number;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface CaseFilters {
  status?: string;
  field?: string;
  street?: string;
  page: number;
  pageSize: number;
}

type ListQuery = NonNullable<paths['/cases']['get']['parameters']['query']>;

export function useCases(filters: CaseFilters) {
  return useQuery({
    queryKey: ['cases', 'list', filters],
    queryFn: async () => (await unwrap(api.cases.GET('/cases', { params: { query: filters as ListQuery } }))) as unknown as Page<CaseRow>,
    placeholderData: (previous) => previous,
  });
}

/** The case with its timeline in the user's language (sent as Accept-Language: read again when the language changes). */
export function useCase(id: string) {
  const { locale } = useI18n();
  return useQuery({
    queryKey: ['cases', 'case', id, locale],
    queryFn: async () => (await unwrap(api.cases.GET('/cases/{id}', { params: { path: { id } } }))) as unknown as CaseView,
  });
}

/** POST /cases/{id}/<path> with If-Match: the case's version; the case and lists are read again after. */
export function useCaseCommand(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ path, body, version }: { path: string; body: Record<string, unknown>; version?: number }) =>
      unwrap(
        api.cases.POST(`/cases/{id}/${path}` as '/cases/{id}/findings', {
          params: { path: { id }, header: version === undefined ? {} : { 'If-Match': `"${version}"` } },
          body: body as never,
        }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: ['cases'] }),
  });
}

export interface Clock {
  clockId: string;
  policyId: string;
  policyName: string;
  unit: string;
  unitName: string;
  status: string;
  statusLabel: string;
  outcome?: string | null;
  startedAt: string;
  dueAt: string | null;
  missedAt: string | null;
  subjectKind: string;
  subjectId: string;
}

export function useCaseClocks(caseId: string) {
  const { locale } = useI18n();
  return useQuery({
    queryKey: ['cases', 'clocks', caseId, locale],
    queryFn: async () =>
      (await unwrap(
        api.notifications.GET('/deadlines/clocks', { params: { query: { subjectId: caseId, pageSize: 100 } } }),
      )) as unknown as Page<Clock>,
  });
}
