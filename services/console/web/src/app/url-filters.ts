/**
 * A list's filters and page kept in the address, so that a filtered list can be shared and survives a reload: read
 * one, the page (1 unless given), and change some at once; a change of anything but the page goes back to page 1,
 * and an empty value removes its filter; or start over with only some.
 */
import { useSearchParams } from 'react-router-dom';

export type FilterChanges = Record<string, string | number | undefined>;

export function useUrlFilters() {
  const [params, setParams] = useSearchParams();
  const get = (key: string): string | undefined => params.get(key) ?? undefined;
  const page = Number(params.get('page') ?? 1) || 1;
  const set = (changes: FilterChanges): void => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined || value === '') next.delete(key);
      else next.set(key, String(value));
    }
    if (!('page' in changes)) next.delete('page');
    setParams(next);
  };
  /** Only these filters from now on (another tab of a page starts without the last one's). */
  const replace = (filters: Record<string, string>): void => setParams(new URLSearchParams(filters));
  return { params, get, page, set, replace };
}
