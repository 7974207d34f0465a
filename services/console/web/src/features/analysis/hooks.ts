/**
 * Reporting's /analysis API through the console's gateway: the query, the
 * caller's saved analyses and the XLSX/CSV export (a POST, so the file is
 * fetched and handed to the browser as a download). The saved list is a
 * projection the service updates after the write: a save or delete updates the
 * cached list at once rather than refetching a list that may not show it yet.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { consoleFetch, consoleHeaders, problemOf } from '../../app/api';
import type { Locale } from '../../app/i18n';
import type { AnalysisQuery, AnalysisResult, SavedAnalysis } from './model';

const BASE = '/api/reporting/analysis';
const SAVED_KEY = ['reporting', 'analysis', 'saved'] as const;

export function useAnalysis(query: AnalysisQuery | undefined, locale: Locale) {
  return useQuery({
    queryKey: ['reporting', 'analysis', 'query', query, locale],
    enabled: !!query,
    retry: false,
    queryFn: () => consoleFetch<AnalysisResult>(`${BASE}/queries`, { method: 'POST', body: query }),
  });
}

export function useSavedAnalyses() {
  return useQuery({
    queryKey: SAVED_KEY,
    queryFn: () => consoleFetch<SavedAnalysis[]>(`${BASE}/saved`),
  });
}

/** Save as a new analysis (no id) or update the one open (id). */
export function useSaveAnalysis() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, name, query }: { id?: string; name: string; query: AnalysisQuery }) =>
      id
        ? consoleFetch<SavedAnalysis>(`${BASE}/saved/${encodeURIComponent(id)}`, { method: 'PUT', body: { name, query } })
        : consoleFetch<SavedAnalysis>(`${BASE}/saved`, { method: 'POST', body: { name, query } }),
    onSuccess: (saved) => client.setQueryData<SavedAnalysis[]>(SAVED_KEY, (list = []) => [saved, ...list.filter((s) => s.id !== saved.id)]),
  });
}

export function useDeleteAnalysis() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => consoleFetch<void>(`${BASE}/saved/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: (_, id) => client.setQueryData<SavedAnalysis[]>(SAVED_KEY, (list = []) => list.filter((s) => s.id !== id)),
  });
}

/** The file's name from Content-Disposition (RFC 6266: filename* first), else the fallback. */
function fileNameOf(response: Response, fallback: string): string {
  const disposition = response.headers.get('Content-Disposition') ?? '';
  const extended = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  if (extended) return decodeURIComponent(extended);
  return /filename="?([^";]+)"?/i.exec(disposition)?.[1] ?? fallback;
}

export function useExportAnalysis() {
  return useMutation({
    mutationFn: async ({ query, format }: { query: AnalysisQuery; format: 'xlsx' | 'csv' }) => {
      const headers = consoleHeaders('POST');
      headers.set('Content-Type', 'application/json');
      const response = await fetch(`${BASE}/exports?format=${format}`, {
        method: 'POST',
        headers,
        credentials: 'same-origin',
        body: JSON.stringify(query),
      });
      if (!response.ok) throw await problemOf(response);
      const url = URL.createObjectURL(await response.blob());
      const link = document.createElement('a');
      link.href = url;
      link.download = fileNameOf(response, `analysis.${format}`);
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    },
  });
}
