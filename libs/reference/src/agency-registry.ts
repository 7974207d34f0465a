/**
 * The configured registry of units (联席会议办公室, member units, streets) with
 * their level and jurisdiction. Tokens name an agency by code; the registry
 * says what kind of unit it is. Loaded from a JSON file (AGENCY_REGISTRY_PATH,
 * default config/agencies.json) and validated as a whole at boot.
 *
 * Jurisdictions are administrative division codes (6 digits): a city's code
 * ends in 00 and contains the districts that share its first four digits; a
 * province's ends in 0000.
 */
import { ConfigFileError } from './config-file-error';
import { readFileSync } from 'node:fs';
import { codesOf, Label, LabelTable, Lang } from './labels';

export const AGENCY_KINDS = {
  office: { 'zh-CN': '联席会议办公室', en: 'Joint-meeting office' },
  member: { 'zh-CN': '成员单位', en: 'Member unit' },
  street: { 'zh-CN': '属地单位（街道）', en: 'Territorial unit (street)' },
} as const satisfies LabelTable<string>;
export type AgencyKind = keyof typeof AGENCY_KINDS;

/** What a member unit is responsible for; the domain asks for some of these (only the police accept a transfer). */
export const DUTIES = {
  financial_office: { 'zh-CN': '金融办', en: 'Financial office' },
  propaganda: { 'zh-CN': '宣传网信', en: 'Propaganda and cyberspace' },
  market_regulation: { 'zh-CN': '市场监管', en: 'Market regulation' },
  police: { 'zh-CN': '公安', en: 'Police' },
  court: { 'zh-CN': '法院', en: 'Court' },
  procuratorate: { 'zh-CN': '检察院', en: 'Procuratorate' },
  industry_authority: { 'zh-CN': '行业主管部门', en: 'Industry authority' },
  central_bank: { 'zh-CN': '人民银行', en: 'Central bank branch' },
  financial_regulator: { 'zh-CN': '金融监管', en: 'Financial regulator branch' },
  securities_regulator: { 'zh-CN': '证监局', en: 'Securities regulator bureau' },
  letters_and_visits: { 'zh-CN': '信访', en: 'Letters and visits' },
} as const satisfies LabelTable<string>;
export type Duty = keyof typeof DUTIES;

export const LEVELS = {
  district: { 'zh-CN': '区县级', en: 'District' },
  city: { 'zh-CN': '市级', en: 'City' },
  province: { 'zh-CN': '省级', en: 'Province' },
} as const satisfies LabelTable<string>;
export type Level = keyof typeof LEVELS;

export interface Agency {
  code: string;
  name: Label;
  kind: AgencyKind;
  duty?: Duty;
  level: Level;
  jurisdiction: string;
}

export class AgencyRegistryError extends ConfigFileError {
  constructor(source: string, problems: string[]) {
    super('AGENCY_REGISTRY_INVALID', 'Agency registry', source, problems);
  }
}

/** What an agency code looks like (validated here for the registry, and by every DTO that names an agency). */
export const AGENCY_CODE_PATTERN = /^[a-z][a-z0-9-]{1,63}$/;
const REGION = /^\d{6}$/;

/** Does region `outer` contain region `inner` (equal, city ⊇ its districts, province ⊇ its cities and districts)? */
export function regionContains(outer: string, inner: string): boolean {
  if (outer === inner) return true;
  if (outer.endsWith('0000')) return inner.startsWith(outer.slice(0, 2));
  if (outer.endsWith('00')) return inner.startsWith(outer.slice(0, 4));
  return false;
}

/**
 * The top offices of an installation: the offices of the highest level in the registry whose jurisdiction contains
 * every agency's (the platform-wide audit, the operations tools). None when no office covers the whole registry.
 */
export function topOffices(registry: AgencyRegistry): Agency[] {
  const order: readonly Level[] = ['district', 'city', 'province'];
  const agencies = registry.all();
  const offices = agencies.filter((a) => a.kind === 'office');
  const highest = Math.max(...offices.map((o) => order.indexOf(o.level)));
  return offices.filter((o) => order.indexOf(o.level) === highest && agencies.every((a) => regionContains(o.jurisdiction, a.jurisdiction)));
}

export class AgencyRegistry {
  private readonly byCode: ReadonlyMap<string, Agency>;

  constructor(agencies: readonly Agency[], source = 'given in code') {
    const problems: string[] = [];
    const map = new Map<string, Agency>();
    agencies.forEach((a, i) => {
      const where = `agencies[${i}]${typeof a?.code === 'string' ? ` (${a.code})` : ''}`;
      if (typeof a?.code !== 'string' || !AGENCY_CODE_PATTERN.test(a.code))
        problems.push(`${where}.code: lowercase letters, digits and -, 2-64 characters, starting with a letter`);
      else if (map.has(a.code)) problems.push(`${where}.code: duplicate code`);
      if (typeof a?.name?.['zh-CN'] !== 'string' || typeof a?.name?.en !== 'string')
        problems.push(`${where}.name: an object with "zh-CN" and "en" strings`);
      if (!(codesOf(AGENCY_KINDS) as string[]).includes(a?.kind)) problems.push(`${where}.kind: one of ${codesOf(AGENCY_KINDS).join(', ')}`);
      if (a?.duty !== undefined && !(codesOf(DUTIES) as string[]).includes(a.duty))
        problems.push(`${where}.duty: one of ${codesOf(DUTIES).join(', ')}`);
      if (!(codesOf(LEVELS) as string[]).includes(a?.level)) problems.push(`${where}.level: one of ${codesOf(LEVELS).join(', ')}`);
      if (typeof a?.jurisdiction !== 'string' || !REGION.test(a.jurisdiction))
        problems.push(`${where}.jurisdiction: a 6-digit administrative division code`);
      if (typeof a?.code === 'string') map.set(a.code, a);
    });
    if (agencies.length === 0) problems.push('no agencies');
    if (problems.length) throw new AgencyRegistryError(source, problems);
    this.byCode = map;
  }

  static fromFile(path: string): AgencyRegistry {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      throw new AgencyRegistryError(path, [`cannot be read as JSON: ${(error as Error).message}`]);
    }
    const list = (parsed as { agencies?: unknown })?.agencies;
    if (!Array.isArray(list)) throw new AgencyRegistryError(path, ['expected an object with an "agencies" array']);
    return new AgencyRegistry(list as Agency[], path);
  }

  get(code: string): Agency | undefined {
    return this.byCode.get(code);
  }

  all(): Agency[] {
    return [...this.byCode.values()];
  }

  name(code: string, lang: Lang = 'zh-CN'): string {
    return this.byCode.get(code)?.name[lang] ?? code;
  }

  /** The joint-meeting office responsible for a region at a level (the district office for a district, the city office above it). */
  officeFor(region: string, level: Level = 'district'): Agency | undefined {
    return this.all().find((a) => a.kind === 'office' && a.level === level && regionContains(a.jurisdiction, region));
  }

  /** The office one level up from an office (district → city → province). */
  parentOffice(office: Agency): Agency | undefined {
    const up: Partial<Record<Level, Level>> = { district: 'city', city: 'province' };
    const level = up[office.level];
    return level ? this.officeFor(office.jurisdiction, level) : undefined;
  }

  /** Agencies with a duty in a region, nearest level first (e.g. the district police before the city police). */
  withDuty(duty: Duty, region: string): Agency[] {
    const order: Level[] = ['district', 'city', 'province'];
    return this.all()
      .filter((a) => a.duty === duty && regionContains(a.jurisdiction, region))
      .sort((a, b) => order.indexOf(a.level) - order.indexOf(b.level));
  }
}
