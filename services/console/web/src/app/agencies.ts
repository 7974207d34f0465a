/**
 * Agency names for codes the services answer with (a street, a routed unit):
 * read from the registry file the services boot with (config/agencies.json,
 * bundled at build time). A deployment with its own AGENCY_REGISTRY_PATH shows
 * the code for an agency this file does not know. Bundled rather than fetched
 * because no route serves the registry, and the anonymous public page needs the
 * street names too.
 */
// eslint-disable-next-line @nx/enforce-module-boundaries -- registry data (not code) the services boot with; see the header
import registry from '../../../../../config/agencies.json';
import type { Locale } from './i18n';

export interface AgencyEntry {
  code: string;
  name: Record<Locale, string>;
  kind: string;
  level: string;
  jurisdiction: string;
}

const AGENCIES: AgencyEntry[] = (registry as unknown as { agencies: AgencyEntry[] }).agencies;
const BY_CODE = new Map(AGENCIES.map((agency) => [agency.code, agency]));

export function agencyName(code: string | undefined | null, locale: Locale): string {
  if (!code) return '—';
  return BY_CODE.get(code)?.name[locale] ?? code;
}

export function agencyOf(code: string): AgencyEntry | undefined {
  return BY_CODE.get(code);
}

/** The agencies of a kind ('street', 'member', …), in the registry's order (selects of codes). */
export function agenciesOfKind(kind: string): AgencyEntry[] {
  return AGENCIES.filter((agency) => agency.kind === kind);
}
