/**
 * Names of the places a negotiation names by code: a region (6-digit division code) by the joint-meeting office
 * whose jurisdiction it is (its name without the office's title: 鲤城区), a deployment by the registry the services
 * boot with (config/deployments.json, bundled at build time as app/agencies.ts bundles the agencies). A code
 * neither file knows is shown as it is.
 */
// eslint-disable-next-line @nx/enforce-module-boundaries -- registry data (not code) the services boot with; see the header
import registry from '../../../../../../config/deployments.json';
import { agenciesOfKind } from '../../app/agencies';
import type { Locale } from '../../app/i18n';

const DEPLOYMENTS = new Map(
  (registry as { deployments: Array<{ id: string; name: Record<Locale, string> }> }).deployments.map((d) => [d.id, d.name]),
);

/** What an office's name adds to its region's: 鲤城区打击非法金融活动联席会议办公室 → 鲤城区. */
const OFFICE_TITLE: Record<Locale, RegExp> = { 'zh-CN': /打击非法金融活动联席会议办公室$/, en: / joint-meeting office$/ };

export function regionName(region: string | null | undefined, locale: Locale): string {
  if (!region) return '—';
  const office = agenciesOfKind('office').find((a) => a.jurisdiction === region);
  return office ? office.name[locale].replace(OFFICE_TITLE[locale], '') : region;
}

/** 鲤城区（350502）: a region's name with its code, as the lead region is chosen. */
export function regionWithCode(region: string | null | undefined, locale: Locale): string {
  const name = regionName(region, locale);
  return region && name !== region ? (locale === 'zh-CN' ? `${name}（${region}）` : `${name} (${region})`) : name;
}

export function deploymentName(id: string | null | undefined, locale: Locale): string {
  if (!id) return '—';
  return DEPLOYMENTS.get(id)?.[locale] ?? id;
}
