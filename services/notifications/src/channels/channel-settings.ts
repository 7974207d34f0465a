/**
 * Which channels an agency receives on: the defaults of
 * config/notification-channels.json (NOTIFICATION_CHANNELS_PATH), read and
 * validated as a whole at boot, and the rules every choice obeys, whether it
 * comes from the file or from an agency's own choice over REST
 * (NotificationChannelsChosen). The inbox is always on and is not listed.
 * A webhook names the environment variable that holds its signing secret, so
 * no secret is ever in the file, an event or the repository; only variables
 * named JM_WEBHOOK_SECRET_… qualify, so no platform key (JWT_SECRET,
 * KEY_ENCRYPTION_KEY, …) can ever sign a webhook toward a URL a caller chose.
 */
import { readFileSync } from 'node:fs';
import { NOTIFICATION_LOCALES } from '@jm/contracts';
import { AGENCY_CODE_PATTERN, AgencyRegistry, ConfigFileError } from '@jm/reference';
import type { NotificationChannelsChosenData, WebhookChannel } from '@jm/contracts';
import type { Lang } from '@jm/reference';
import type { WebhookTargets } from './delivery/webhook-targets';

export interface ChannelChoice {
  emails: string[];
  webhooks: WebhookChannel[];
  locale: Lang;
}

export const DEFAULT_LOCALE: Lang = 'zh-CN';
export const MAX_EMAILS = 20;
export const MAX_WEBHOOKS = 5;
/** The shortest signing secret accepted (bytes of the variable's value). */
export const MIN_SECRET_LENGTH = 32;

/** A mailbox address as people write it (local@domain.tld); deliberately plain. */
const EMAIL =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
const WEBHOOK_ID = /^[a-z0-9][a-z0-9-]{0,31}$/;
/** The prefix of every variable a webhook secret may be read from. */
export const WEBHOOK_SECRET_PREFIX = 'JM_WEBHOOK_SECRET_';
const SECRET_ENV = new RegExp(`^${WEBHOOK_SECRET_PREFIX}[A-Z0-9_]{1,100}$`);
const SECRET_ENV_RULE = `the name of an environment variable starting with ${WEBHOOK_SECRET_PREFIX} (then A-Z, 0-9 and _, e.g. ${WEBHOOK_SECRET_PREFIX}LC_POLICE) that the operator set to the signing secret; never the secret itself, nor any other variable`;

export function isWebhookSecretName(name: unknown): name is string {
  return typeof name === 'string' && SECRET_ENV.test(name);
}

/**
 * The signing secret a webhook names: undefined unless the name is a webhook
 * secret's (JM_WEBHOOK_SECRET_…) and the variable is set. Checked again when
 * sending, so a choice recorded before the rule can never read another variable.
 */
export function webhookSecretOf(env: NodeJS.ProcessEnv, name: string): string | undefined {
  return isWebhookSecretName(name) ? env[name] || undefined : undefined;
}

export class ChannelSettingsError extends ConfigFileError {
  constructor(source: string, problems: string[]) {
    super('NOTIFICATION_CHANNELS_INVALID', 'Notification channels', source, problems, 'are');
  }
}

/**
 * What a choice is checked against: the service's environment (a webhook's
 * secret variable must be set there) and where webhooks may go.
 */
export interface ChoiceRules {
  env: NodeJS.ProcessEnv;
  targets: WebhookTargets;
}

/** A problem with one field of a choice: where, and what is allowed. */
export interface ChoiceProblem {
  field: string;
  message: string;
}

/** Every problem of a choice at once (empty when it is valid). */
export function checkChoice(input: unknown, { env, targets }: ChoiceRules, at = ''): ChoiceProblem[] {
  const problems: ChoiceProblem[] = [];
  const add = (field: string, message: string) => problems.push({ field: `${at}${field}`, message });
  const value = (input ?? {}) as Partial<Record<keyof ChannelChoice, unknown>>;
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    add('', 'an object with emails, webhooks and locale');
    return problems;
  }
  for (const key of Object.keys(input)) {
    if (!['emails', 'webhooks', 'locale'].includes(key)) add(key, 'not a setting; allowed: emails, webhooks, locale (the inbox is always on)');
  }
  if (value.emails !== undefined) {
    if (!Array.isArray(value.emails) || value.emails.length > MAX_EMAILS) add('emails', `a list of at most ${MAX_EMAILS} email addresses`);
    else {
      const seen = new Set<string>();
      value.emails.forEach((email, i) => {
        if (typeof email !== 'string' || email.length > 254 || !EMAIL.test(email))
          add(`emails[${i}]`, `${JSON.stringify(email)} is not an email address; expected the form name@agency.example.gov.cn`);
        else if (seen.has(email.toLowerCase())) add(`emails[${i}]`, `${email} is listed twice`);
        else seen.add(email.toLowerCase());
      });
    }
  }
  if (value.webhooks !== undefined) {
    if (!Array.isArray(value.webhooks) || value.webhooks.length > MAX_WEBHOOKS)
      add('webhooks', `a list of at most ${MAX_WEBHOOKS} webhooks {id, url, secretEnv}`);
    else {
      const ids = new Set<string>();
      value.webhooks.forEach((raw, i) => {
        const hook = (raw ?? {}) as Partial<Record<keyof WebhookChannel, unknown>>;
        if (typeof hook.id !== 'string' || !WEBHOOK_ID.test(hook.id)) add(`webhooks[${i}].id`, 'lowercase letters, digits and -, 1-32 characters');
        else if (ids.has(hook.id)) add(`webhooks[${i}].id`, `"${hook.id}" is used twice`);
        else ids.add(hook.id);
        const urlProblem = typeof hook.url === 'string' ? targets.checkUrl(hook.url) : 'an http:// or https:// URL';
        if (urlProblem) add(`webhooks[${i}].url`, urlProblem);
        if (!isWebhookSecretName(hook.secretEnv)) {
          add(
            `webhooks[${i}].secretEnv`,
            `${typeof hook.secretEnv === 'string' ? `${JSON.stringify(hook.secretEnv.slice(0, 140))} is not allowed; ` : ''}${SECRET_ENV_RULE}`,
          );
        } else if ((webhookSecretOf(env, hook.secretEnv) ?? '').length < MIN_SECRET_LENGTH) {
          add(
            `webhooks[${i}].secretEnv`,
            `${hook.secretEnv} is not set in the notifications service's environment to a secret of at least ${MIN_SECRET_LENGTH} characters; ask the operator to set it first`,
          );
        }
      });
    }
  }
  if (value.locale !== undefined && !(NOTIFICATION_LOCALES as readonly unknown[]).includes(value.locale))
    add('locale', `one of ${NOTIFICATION_LOCALES.join(', ')}`);
  return problems;
}

/** A valid choice with its defaults filled in (call checkChoice first). */
export function normaliseChoice(input: Partial<ChannelChoice>, fallbackLocale: Lang = DEFAULT_LOCALE): ChannelChoice {
  return {
    emails: [...(input.emails ?? [])],
    webhooks: (input.webhooks ?? []).map(({ id, url, secretEnv }) => ({ id, url, secretEnv })),
    locale: input.locale ?? fallbackLocale,
  };
}

/** The file's defaults per agency; agencies it does not name get the inbox alone, in zh-CN. */
export class ChannelDefaults {
  constructor(
    private readonly byAgency: ReadonlyMap<string, ChannelChoice>,
    readonly locale: Lang,
  ) {}

  static fromFile(path: string, registry: AgencyRegistry, rules: ChoiceRules): ChannelDefaults {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      throw new ChannelSettingsError(path, [`cannot be read as JSON: ${(error as Error).message}`]);
    }
    return ChannelDefaults.parse(parsed, registry, rules, path);
  }

  static parse(parsed: unknown, registry: AgencyRegistry, rules: ChoiceRules, source = 'given in code'): ChannelDefaults {
    const file = (parsed ?? {}) as { defaultLocale?: unknown; agencies?: unknown };
    const problems: string[] = [];
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new ChannelSettingsError(source, ['expected an object {"defaultLocale": "zh-CN", "agencies": {"<code>": {…}}}']);
    const locale = (file.defaultLocale ?? DEFAULT_LOCALE) as Lang;
    if (!(NOTIFICATION_LOCALES as readonly unknown[]).includes(locale)) problems.push(`defaultLocale: one of ${NOTIFICATION_LOCALES.join(', ')}`);
    const agencies = file.agencies ?? {};
    const map = new Map<string, ChannelChoice>();
    if (typeof agencies !== 'object' || agencies === null || Array.isArray(agencies)) problems.push('agencies: an object keyed by agency code');
    else {
      for (const [code, choice] of Object.entries(agencies)) {
        if (!AGENCY_CODE_PATTERN.test(code) || !registry.get(code)) {
          problems.push(`agencies.${code}: not an agency of the registry (config/agencies.json)`);
          continue;
        }
        const found = checkChoice(choice, rules, `agencies.${code}.`);
        problems.push(...found.map((p) => `${p.field}: ${p.message}`));
        if (found.length === 0) map.set(code, normaliseChoice(choice as Partial<ChannelChoice>, locale));
      }
    }
    if (problems.length) throw new ChannelSettingsError(source, problems);
    return new ChannelDefaults(map, locale);
  }

  of(agency: string): ChannelChoice {
    return this.byAgency.get(agency) ?? { emails: [], webhooks: [], locale: this.locale };
  }
}

/** The agency's choice now: its latest NotificationChannelsChosen, else the file's default. */
export function currentChoice(
  defaults: ChannelDefaults,
  agency: string,
  chosen: NotificationChannelsChosenData | undefined,
): ChannelChoice & { source: 'file' | 'agency' } {
  if (!chosen) return { ...defaults.of(agency), source: 'file' };
  return { emails: chosen.emails, webhooks: chosen.webhooks, locale: chosen.locale, source: 'agency' };
}
