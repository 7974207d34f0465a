/**
 * Configurable lead routing (ROUTING_RULES_PATH, default config/routing-rules.json):
 * per office, refer-up rules (逐级上报), field → lead unit (the campaign plan's
 * 牵头单位), category fallbacks and a default unit; the lead's street joins as
 * the territorial unit. The file is validated as a whole at boot against the
 * agency registry and the reference tables: a bad file stops the service with
 * the list of problems, never a half-working router.
 */
import { readFileSync } from 'node:fs';
import { LeadSummary } from '@jm/contracts';
import { DomainRuleError } from '@jm/event-sourcing';
import { ConfigFileError, ACTIVITY_CATEGORY_CODES, ActivityCategory, AgencyRegistry, Field, FIELD_CODES, regionContains } from '@jm/reference';

export interface ReferUpRule {
  id: string;
  fields?: Field[];
  categories?: ActivityCategory[];
  /** When set, the rule applies only if the office says whether a licensed financial institution is involved (and it matches). */
  licensedInstitution?: boolean;
  reason: string;
}

export interface RuleSet {
  jurisdiction: string;
  office: string;
  referUp: ReferUpRule[];
  fields: Partial<Record<Field, string>>;
  categories: Partial<Record<ActivityCategory, string>>;
  default: string;
}

export type RoutingChoice =
  { kind: 'route'; unit: string; street?: string; rule: string } | { kind: 'refer_up'; to: string; reason: string; rule: string };

export interface RoutingFacts {
  summary: LeadSummary;
  /** The office that owns the lead now. */
  office: string;
  licensedInstitution?: boolean;
}

export class RoutingRulesError extends ConfigFileError {
  constructor(source: string, problems: string[]) {
    super('ROUTING_RULES_INVALID', 'Routing rules', source, problems, 'are');
  }
}

const REGION = /^\d{6}$/;
const RULE_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

export class RoutingRules {
  private readonly byOffice: ReadonlyMap<string, RuleSet>;

  private constructor(
    sets: RuleSet[],
    private readonly registry: AgencyRegistry,
  ) {
    this.byOffice = new Map(sets.map((s) => [s.office, s]));
  }

  static fromFile(path: string, registry: AgencyRegistry): RoutingRules {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      throw new RoutingRulesError(path, [`cannot be read as JSON: ${(error as Error).message}`]);
    }
    return RoutingRules.parse(parsed, registry, path);
  }

  /** Validates everything and reports every problem at once. */
  static parse(input: unknown, registry: AgencyRegistry, source = 'given in code'): RoutingRules {
    const problems: string[] = [];
    const list = (input as { rules?: unknown })?.rules;
    if (!Array.isArray(list)) throw new RoutingRulesError(source, ['expected an object with a "rules" array']);
    const offices = new Set<string>();
    const ids = new Set<string>();
    list.forEach((raw: Partial<RuleSet> | undefined, i) => {
      const where = `rules[${i}]${typeof raw?.office === 'string' ? ` (${raw.office})` : ''}`;
      const jurisdiction = raw?.jurisdiction;
      if (typeof jurisdiction !== 'string' || !REGION.test(jurisdiction))
        problems.push(`${where}.jurisdiction: a 6-digit administrative division code`);
      const office = typeof raw?.office === 'string' ? registry.get(raw.office) : undefined;
      if (!office) problems.push(`${where}.office: "${String(raw?.office)}" is not an agency in the registry`);
      else if (office.kind !== 'office') problems.push(`${where}.office: ${office.code} is a ${office.kind}, not a joint-meeting office`);
      else if (office.jurisdiction !== jurisdiction)
        problems.push(`${where}.office: ${office.code} serves ${office.jurisdiction}, not ${String(jurisdiction)}`);
      else if (offices.has(office.code)) problems.push(`${where}.office: a second rule set for ${office.code}`);
      if (office) offices.add(office.code);
      const region = typeof jurisdiction === 'string' ? jurisdiction : '';
      const checkUnit = (path: string, code: unknown): void => {
        const unit = typeof code === 'string' ? registry.get(code) : undefined;
        if (!unit) problems.push(`${where}.${path}: "${String(code)}" is not an agency in the registry`);
        else if (unit.kind === 'office')
          problems.push(`${where}.${path}: ${unit.code} is an office; leads are routed to member or territorial units`);
        else if (!regionContains(unit.jurisdiction, region) && !regionContains(region, unit.jurisdiction)) {
          problems.push(`${where}.${path}: ${unit.code} (${unit.jurisdiction}) does not serve ${region}`);
        }
      };
      const fields = raw?.fields ?? {};
      if (typeof fields !== 'object' || Array.isArray(fields)) problems.push(`${where}.fields: an object of field code → agency code`);
      else {
        for (const [field, unit] of Object.entries(fields)) {
          if (!(FIELD_CODES as string[]).includes(field))
            problems.push(`${where}.fields.${field}: unknown field code; allowed: ${FIELD_CODES.join(', ')}`);
          checkUnit(`fields.${field}`, unit);
        }
      }
      const categories = raw?.categories ?? {};
      if (typeof categories !== 'object' || Array.isArray(categories)) problems.push(`${where}.categories: an object of category code → agency code`);
      else {
        for (const [category, unit] of Object.entries(categories)) {
          if (!(ACTIVITY_CATEGORY_CODES as string[]).includes(category)) {
            problems.push(`${where}.categories.${category}: unknown activity category; allowed: ${ACTIVITY_CATEGORY_CODES.join(', ')}`);
          }
          checkUnit(`categories.${category}`, unit);
        }
      }
      checkUnit('default', raw?.default);
      const referUp = raw?.referUp ?? [];
      if (!Array.isArray(referUp)) problems.push(`${where}.referUp: an array of rules`);
      else {
        if (referUp.length > 0 && office?.kind === 'office' && !registry.parentOffice(office)) {
          problems.push(`${where}.referUp: ${office.code} has no next-level office in the registry to report up to`);
        }
        referUp.forEach((rule: Partial<ReferUpRule> | undefined, j) => {
          const at = `${where}.referUp[${j}]`;
          if (typeof rule?.id !== 'string' || !RULE_ID.test(rule.id))
            problems.push(`${at}.id: lowercase letters, digits and -, at most 64 characters`);
          else if (ids.has(rule.id)) problems.push(`${at}.id: duplicate rule id ${rule.id}`);
          else ids.add(rule.id);
          for (const f of rule?.fields ?? []) if (!(FIELD_CODES as string[]).includes(f)) problems.push(`${at}.fields: unknown field code "${f}"`);
          for (const c of rule?.categories ?? [])
            if (!(ACTIVITY_CATEGORY_CODES as string[]).includes(c)) problems.push(`${at}.categories: unknown activity category "${c}"`);
          if (!rule?.fields?.length && !rule?.categories?.length)
            problems.push(`${at}: name fields or categories (a rule that matches everything would refer every lead up)`);
          if (rule?.licensedInstitution !== undefined && typeof rule.licensedInstitution !== 'boolean')
            problems.push(`${at}.licensedInstitution: true or false`);
          if (typeof rule?.reason !== 'string' || rule.reason.trim() === '') problems.push(`${at}.reason: the reason recorded on the referral`);
        });
      }
    });
    if (list.length === 0) problems.push('no rule sets');
    if (problems.length) throw new RoutingRulesError(source, problems);
    return new RoutingRules(
      (list as RuleSet[]).map((s) => ({ ...s, referUp: s.referUp ?? [], fields: s.fields ?? {}, categories: s.categories ?? {} })),
      registry,
    );
  }

  ruleSetFor(office: string): RuleSet | undefined {
    return this.byOffice.get(office);
  }

  /** What the rules say for a lead owned by `facts.office`; a DomainRuleError when that office has no rules (name the unit). */
  choose(facts: RoutingFacts): RoutingChoice {
    const set = this.byOffice.get(facts.office);
    if (!set) throw new DomainRuleError(`there are no routing rules for ${facts.office}; name the unit to route to`);
    const { field, category } = facts.summary;
    for (const rule of set.referUp) {
      const fieldOk = !rule.fields?.length || rule.fields.includes(field);
      const categoryOk = !rule.categories?.length || rule.categories.includes(category);
      const licensedOk = rule.licensedInstitution === undefined || rule.licensedInstitution === facts.licensedInstitution;
      if (fieldOk && categoryOk && licensedOk) {
        const office = this.registry.get(facts.office);
        const parent = office ? this.registry.parentOffice(office) : undefined;
        if (!parent) throw new DomainRuleError(`rule ${rule.id} reports the lead up, but ${facts.office} has no next-level office`);
        return { kind: 'refer_up', to: parent.code, reason: rule.reason, rule: `refer-up:${rule.id}` };
      }
    }
    const street = this.streetOf(facts.summary);
    const withStreet = (unit: string, rule: string): RoutingChoice => ({
      kind: 'route',
      unit,
      ...(street && street !== unit ? { street } : {}),
      rule,
    });
    const byField = set.fields[field];
    if (byField) return withStreet(byField, `field:${field}`);
    const byCategory = set.categories[category];
    if (byCategory) return withStreet(byCategory, `category:${category}`);
    return withStreet(set.default, 'default');
  }

  /** The lead's street when it names a territorial unit of the registry serving the lead's region. */
  streetOf(summary: LeadSummary): string | undefined {
    if (!summary.street) return undefined;
    const agency = this.registry.get(summary.street);
    return agency?.kind === 'street' && regionContains(agency.jurisdiction, summary.jurisdiction) ? agency.code : undefined;
  }
}
