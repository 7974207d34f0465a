/**
 * loadConfig: the one pure step from an environment (process.env at boot, a
 * plain object in tests) to a typed ServiceConfig. Defaults are applied first,
 * then everything is validated together, so one ConfigError names every bad
 * variable. Secrets (SECRET_VARIABLES) never get a default.
 */
import { hostname } from 'node:os';
import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { ServiceName } from '@jm/bus';
import { ConfigError, ConfigIssue } from './config-error';
import { DEFAULT_TOKEN_MAX_LIFETIME_HOURS } from '../security/jwt';
import {
  CONFIG_VARIABLES,
  ConfigVariable,
  EnvironmentVariables,
  LogFormat,
  LogLevel,
  parseHostList,
  SECRET_VARIABLES,
} from './environment-variables';
import { TRACING_DEFAULTS, TracingSettings, tracingSettings } from '../observability/tracing-settings';

export type ConfigEnv = Readonly<Record<string, string | undefined>>;

export type EventStoreSettings = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string; schema: string };
export type BusSettings =
  | { kind: 'embedded' }
  | {
      kind: 'kafka';
      brokers: string[];
      clientId: string;
      /** The environment's namespace (KAFKA_TOPIC_PREFIX); a deployment's own topics add `<deployment>.` after it. */
      topicPrefix: string;
      sasl?: { mechanism: 'scram-sha-512'; username: string; password: string };
    };

/** Which deployment of the federation this process belongs to (DEPLOYMENT), and where the registry of deployments is. */
export interface FederationSettings {
  /** Undefined: the process serves every agency of the registry on its own (no federation). */
  deployment?: string;
  deploymentsPath: string;
}
export type ReadModelSettings = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string; schema: string };

export interface ServiceConfig {
  service: ServiceName;
  host: string;
  port: number;
  logLevel: LogLevel;
  logFormat: LogFormat;
  eventStore: EventStoreSettings;
  bus: BusSettings;
  readModel: ReadModelSettings;
  shutdownTimeoutMs: number;
  instanceId: string;
  security: SecuritySettings;
  federation: FederationSettings;
  domain: DomainSettings;
  tracing: TracingSettings;
}

export interface SecuritySettings {
  jwtSecret: string;
  /** Secrets that still verify tokens but never sign (JWT_PREVIOUS_SECRETS), while a rotation runs; empty otherwise. */
  jwtPreviousSecrets: string[];
  /** The longest lifetime (exp − iat) a bearer token may claim. */
  tokenMaxLifetimeHours: number;
  agencyRegistryPath: string;
  /** 32 bytes; set for intake (which seals informant identity), undefined elsewhere unless given. */
  keyEncryptionKey?: Buffer;
  /** Earlier key-encryption keys (KEY_ENCRYPTION_KEY_PREVIOUS) that still unwrap data keys until they are re-wrapped. */
  previousKeyEncryptionKeys: Buffer[];
  /** Where shredding also records its tombstones, outside every backup (docs/operations/backup.md). */
  shredJournalPath: string;
  /** The bearer token /metrics answers to (METRICS_TOKEN); absent: /metrics is not exposed. */
  metricsToken?: string;
}

/** Policies the domain reads at boot (see docs/configuration.md). */
export interface DomainSettings {
  publicRateLimitPerMinute: number;
  /** Express's trust proxy list (TRUSTED_PROXIES): whose X-Forwarded-For names the client; empty: nobody's. */
  trustedProxies: string[];
  evidenceDir: string;
  evidenceMaxBytes: number;
  leadReportDeadlineHours: number;
  routingRulesPath: string;
  verificationDeadlineDays: number;
  policeResponseDays: number;
  /** cases: working days the notified region has to agree on a cross-region case's lead region (0: referred to the common superior at once), and seconds between due checks. */
  crossRegionAgreementDays: number;
  crossRegionCheckSeconds: number;
  /** cases: petitions on a case that set its petition_pressure key-case flag (信访矛盾突出). */
  petitionPressureThreshold: number;
  /** reporting: minutes between periodic audit anchors; 0 = off. */
  auditAnchorIntervalMinutes: number;
  /** Reporting across deployments (docs/federation-reporting.md): the audit API of each deployment below (FEDERATION_AUDIT_URLS). */
  federationAuditUrls: Readonly<Record<string, string>>;
  /** The secret of each link to another deployment (FEDERATION_LINK_SECRETS). */
  federationLinkSecrets: Readonly<Record<string, string>>;
  /** Seconds between monthly statistics submissions to the parent deployment (0: off). */
  federationStatisticsIntervalSeconds: number;
  /** reporting on PostgreSQL: answer risk-ledger queries from the in-memory index (on) or in SQL only (off). */
  ledgerIndex: 'on' | 'off';
  /** notifications: the deadline policies file (config/deadline-policies.json). */
  deadlinePoliciesPath: string;
  /** notifications: the folder of per-year holiday calendars (config/holidays/<year>.json). */
  holidayCalendarDir: string;
  /** notifications: seconds between two checks of due reminders and deadlines. */
  deadlineTickSeconds: number;
  /** notifications: which channels each agency receives on (config/notification-channels.json). */
  notificationChannelsPath: string;
  /** notifications: the SMTP server email goes out through; absent = email off. */
  smtpUrl?: string;
  smtpFrom: string;
  /** notifications: delivery attempts per message and channel before it is dead-lettered. */
  deliveryMaxAttempts: number;
  /** notifications: the first retry delay; each next one doubles. */
  deliveryRetryBaseMs: number;
  /** notifications: webhook hosts (names or addresses, as URLs write them) exempt from the internal-address check; empty by default. */
  webhookAllowedHosts: string[];
  /** console: sign-in, lockout and session settings (docs/console-accounts.md). */
  console: ConsoleSettings;
}

export interface ConsoleSettings {
  /** Consecutive failed sign-ins that lock an account. */
  lockoutThreshold: number;
  lockoutMinutes: number;
  /** Sign-in attempts per minute from one client address. */
  signInPerMinute: number;
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  /** Cookies always Secure (else only on requests that came over TLS). */
  secureCookies: boolean;
  /** Believe X-Forwarded-Proto and X-Forwarded-For (a reverse proxy in front). */
  trustProxy: boolean;
}

/** Services that cannot start without a variable that others may omit. */
const REQUIRED_BY_SERVICE: Partial<Record<ServiceName, ConfigVariable[]>> = {
  intake: ['KEY_ENCRYPTION_KEY'],
  // Seals the TOTP secrets of console accounts.
  console: ['KEY_ENCRYPTION_KEY'],
};

export const DEFAULT_PORTS: Readonly<Record<ServiceName, number>> = {
  intake: 3001,
  cases: 3002,
  notifications: 3003,
  reporting: 3004,
  console: 3000,
};

/** Defaults per variable; secrets and values that only make sense when given (brokers) have none. */
export function configDefaults(service: ServiceName, pid: number = process.pid, host: string = hostname()): Partial<Record<ConfigVariable, string>> {
  return {
    HOST: '127.0.0.1',
    PORT: String(DEFAULT_PORTS[service]),
    LOG_LEVEL: 'info',
    LOG_FORMAT: 'auto',
    EVENT_STORE: 'sqlite',
    SQLITE_PATH: '.data/events.sqlite',
    PG_SCHEMA: 'public',
    READ_MODEL_PG_SCHEMA: 'public',
    BUS: 'embedded',
    KAFKA_CLIENT_ID: `jm-${service}`,
    KAFKA_TOPIC_PREFIX: '',
    DEPLOYMENTS_PATH: 'config/deployments.json',
    READ_MODEL_DB: 'sqlite',
    READ_MODEL_SQLITE_PATH: `.data/${service}-read.sqlite`,
    SHUTDOWN_TIMEOUT_MS: '10000',
    INSTANCE_ID: `${host}-${pid}`,
    TOKEN_MAX_LIFETIME_HOURS: String(DEFAULT_TOKEN_MAX_LIFETIME_HOURS),
    AGENCY_REGISTRY_PATH: 'config/agencies.json',
    SHRED_JOURNAL_PATH: '.data/shred-journal.jsonl',
    PUBLIC_RATE_LIMIT_PER_MINUTE: '10',
    TRUSTED_PROXIES: '',
    EVIDENCE_DIR: '.data/evidence',
    EVIDENCE_MAX_BYTES: String(20 * 1024 * 1024),
    LEAD_REPORT_DEADLINE_HOURS: '24',
    ROUTING_RULES_PATH: 'config/routing-rules.json',
    VERIFICATION_DEADLINE_DAYS: '15',
    POLICE_RESPONSE_DAYS: '30',
    CROSS_REGION_AGREEMENT_DAYS: '10',
    CROSS_REGION_CHECK_SECONDS: '60',
    PETITION_PRESSURE_THRESHOLD: '3',
    AUDIT_ANCHOR_INTERVAL_MINUTES: '60',
    FEDERATION_STATISTICS_INTERVAL_SECONDS: '300',
    LEDGER_INDEX: 'on',
    DEADLINE_POLICIES_PATH: 'config/deadline-policies.json',
    HOLIDAY_CALENDAR_DIR: 'config/holidays',
    DEADLINE_TICK_SECONDS: '30',
    NOTIFICATION_CHANNELS_PATH: 'config/notification-channels.json',
    SMTP_FROM: '联席会议平台 <noreply@jm.local>',
    DELIVERY_MAX_ATTEMPTS: '6',
    DELIVERY_RETRY_BASE_MS: '2000',
    CONSOLE_LOCKOUT_THRESHOLD: '5',
    CONSOLE_LOCKOUT_MINUTES: '15',
    CONSOLE_SIGN_IN_PER_MINUTE: '30',
    CONSOLE_SESSION_IDLE_MINUTES: '30',
    CONSOLE_SESSION_MAX_HOURS: '12',
    CONSOLE_SECURE_COOKIES: 'false',
    CONSOLE_TRUST_PROXY: 'false',
    ...TRACING_DEFAULTS,
  };
}

/**
 * Validates env for one service. An empty string counts as not set (compose
 * files and shells often pass VAR= for "unset"), so the default applies.
 */
export function loadConfig(service: ServiceName, env: ConfigEnv): ServiceConfig {
  const defaults = configDefaults(service);
  const raw: Partial<Record<ConfigVariable, string>> = {};
  for (const name of CONFIG_VARIABLES) {
    const given = env[name];
    const value = given === undefined || given === '' ? defaults[name] : given;
    if (value !== undefined) raw[name] = value;
  }

  const vars = plainToInstance(EnvironmentVariables, raw);
  const errors = validateSync(vars, { forbidUnknownValues: true });
  const issues = toIssues(errors, env);
  for (const variable of REQUIRED_BY_SERVICE[service] ?? []) {
    if (raw[variable] === undefined) issues.push({ variable, given: undefined, allowed: `required by the ${service} service` });
  }
  if (raw.DEPLOYMENT !== undefined && vars.BUS !== 'kafka')
    issues.push({ variable: 'DEPLOYMENT', given: raw.DEPLOYMENT, allowed: 'a deployment only with BUS=kafka: deployments talk over Kafka' });
  if (raw.KEY_ENCRYPTION_KEY_PREVIOUS !== undefined && raw.KEY_ENCRYPTION_KEY === undefined)
    issues.push({
      variable: 'KEY_ENCRYPTION_KEY',
      given: undefined,
      allowed: 'required with KEY_ENCRYPTION_KEY_PREVIOUS (the key data keys are re-wrapped with)',
    });
  if (raw.KAFKA_SASL_PASSWORD !== undefined && raw.KAFKA_SASL_USERNAME === undefined)
    issues.push({ variable: 'KAFKA_SASL_USERNAME', given: undefined, allowed: 'required with KAFKA_SASL_PASSWORD' });
  if (issues.length > 0) {
    throw new ConfigError(service, issues);
  }

  return {
    service,
    host: vars.HOST,
    port: vars.PORT,
    logLevel: vars.LOG_LEVEL,
    logFormat: vars.LOG_FORMAT,
    eventStore:
      vars.EVENT_STORE === 'postgres'
        ? { kind: 'postgres', url: required(vars.PG_URL), schema: vars.PG_SCHEMA }
        : { kind: 'sqlite', path: vars.SQLITE_PATH },
    bus:
      vars.BUS === 'kafka'
        ? {
            kind: 'kafka',
            brokers: required(vars.KAFKA_BROKERS)
              .split(',')
              .map((broker) => broker.trim()),
            clientId: vars.KAFKA_CLIENT_ID,
            topicPrefix: vars.KAFKA_TOPIC_PREFIX,
            ...(vars.KAFKA_SASL_USERNAME
              ? { sasl: { mechanism: 'scram-sha-512' as const, username: vars.KAFKA_SASL_USERNAME, password: required(vars.KAFKA_SASL_PASSWORD) } }
              : {}),
          }
        : { kind: 'embedded' },
    readModel:
      vars.READ_MODEL_DB === 'postgres'
        ? { kind: 'postgres', url: required(vars.READ_MODEL_PG_URL), schema: vars.READ_MODEL_PG_SCHEMA }
        : { kind: 'sqlite', path: vars.READ_MODEL_SQLITE_PATH },
    shutdownTimeoutMs: vars.SHUTDOWN_TIMEOUT_MS,
    instanceId: vars.INSTANCE_ID,
    tracing: tracingSettings(vars, service),
    security: {
      jwtSecret: vars.JWT_SECRET,
      jwtPreviousSecrets: list(vars.JWT_PREVIOUS_SECRETS),
      tokenMaxLifetimeHours: vars.TOKEN_MAX_LIFETIME_HOURS,
      agencyRegistryPath: vars.AGENCY_REGISTRY_PATH,
      ...(vars.KEY_ENCRYPTION_KEY ? { keyEncryptionKey: Buffer.from(vars.KEY_ENCRYPTION_KEY, 'hex') } : {}),
      previousKeyEncryptionKeys: list(vars.KEY_ENCRYPTION_KEY_PREVIOUS).map((hex) => Buffer.from(hex, 'hex')),
      shredJournalPath: vars.SHRED_JOURNAL_PATH,
      ...(vars.METRICS_TOKEN ? { metricsToken: vars.METRICS_TOKEN } : {}),
    },
    federation: {
      ...(vars.DEPLOYMENT ? { deployment: vars.DEPLOYMENT } : {}),
      deploymentsPath: vars.DEPLOYMENTS_PATH,
    },
    domain: {
      publicRateLimitPerMinute: vars.PUBLIC_RATE_LIMIT_PER_MINUTE,
      trustedProxies: vars.TRUSTED_PROXIES.split(',')
        .map((entry) => entry.trim())
        .filter(Boolean),
      evidenceDir: vars.EVIDENCE_DIR,
      evidenceMaxBytes: vars.EVIDENCE_MAX_BYTES,
      leadReportDeadlineHours: vars.LEAD_REPORT_DEADLINE_HOURS,
      routingRulesPath: vars.ROUTING_RULES_PATH,
      verificationDeadlineDays: vars.VERIFICATION_DEADLINE_DAYS,
      policeResponseDays: vars.POLICE_RESPONSE_DAYS,
      crossRegionAgreementDays: vars.CROSS_REGION_AGREEMENT_DAYS,
      crossRegionCheckSeconds: vars.CROSS_REGION_CHECK_SECONDS,
      petitionPressureThreshold: vars.PETITION_PRESSURE_THRESHOLD,
      auditAnchorIntervalMinutes: vars.AUDIT_ANCHOR_INTERVAL_MINUTES,
      federationAuditUrls: pairs(vars.FEDERATION_AUDIT_URLS),
      federationLinkSecrets: pairs(vars.FEDERATION_LINK_SECRETS),
      federationStatisticsIntervalSeconds: vars.FEDERATION_STATISTICS_INTERVAL_SECONDS,
      ledgerIndex: vars.LEDGER_INDEX,
      deadlinePoliciesPath: vars.DEADLINE_POLICIES_PATH,
      holidayCalendarDir: vars.HOLIDAY_CALENDAR_DIR,
      deadlineTickSeconds: vars.DEADLINE_TICK_SECONDS,
      notificationChannelsPath: vars.NOTIFICATION_CHANNELS_PATH,
      ...(vars.SMTP_URL ? { smtpUrl: vars.SMTP_URL } : {}),
      smtpFrom: vars.SMTP_FROM,
      deliveryMaxAttempts: vars.DELIVERY_MAX_ATTEMPTS,
      deliveryRetryBaseMs: vars.DELIVERY_RETRY_BASE_MS,
      webhookAllowedHosts: parseHostList(vars.WEBHOOK_ALLOWED_HOSTS ?? '') ?? [],
      console: {
        lockoutThreshold: vars.CONSOLE_LOCKOUT_THRESHOLD,
        lockoutMinutes: vars.CONSOLE_LOCKOUT_MINUTES,
        signInPerMinute: vars.CONSOLE_SIGN_IN_PER_MINUTE,
        sessionIdleMinutes: vars.CONSOLE_SESSION_IDLE_MINUTES,
        sessionMaxHours: vars.CONSOLE_SESSION_MAX_HOURS,
        secureCookies: vars.CONSOLE_SECURE_COOKIES === 'true',
        trustProxy: vars.CONSOLE_TRUST_PROXY === 'true',
      },
    },
  };
}

/** `x,y` (validated) as ['x', 'y']; unset: none. */
const list = (value: string | undefined): string[] => (value ?? '').split(',').filter(Boolean);

/** `a=x,b=y` (validated) as { a: 'x', b: 'y' }. */
const pairs = (list: string | undefined): Record<string, string> =>
  Object.fromEntries(
    (list ?? '')
      .split(',')
      .filter(Boolean)
      .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
  );

/**
 * One variable read on its own, validated by the same rules loadConfig applies
 * (for tools such as the token CLI that need a setting, not a service config).
 */
export function readVariable<V extends ConfigVariable>(service: ServiceName, name: V, env: ConfigEnv): EnvironmentVariables[V] {
  const given = env[name];
  const raw = { [name]: given === undefined || given === '' ? configDefaults(service)[name] : given };
  const vars = plainToInstance(EnvironmentVariables, raw);
  const issues = toIssues(
    validateSync(vars, { skipMissingProperties: true }).filter((error) => error.property === name),
    env,
  );
  if (issues.length > 0) throw new ConfigError(service, issues);
  return vars[name];
}

/** The variables that choose the deployment mode; the rest of the configuration depends on them. */
export const MODE_VARIABLES = ['EVENT_STORE', 'BUS', 'READ_MODEL_DB'] as const satisfies readonly ConfigVariable[];

/**
 * The variables that have no default but must be set for the deployment mode
 * env chooses (its MODE_VARIABLES; everything else in env is ignored). Derived
 * from loadConfig itself, so the list cannot drift from the validation rules.
 */
export function requiredVariables(service: ServiceName, env: ConfigEnv): string[] {
  const mode = Object.fromEntries(MODE_VARIABLES.map((name) => [name, env[name]]));
  try {
    loadConfig(service, mode);
    return [];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // A bad mode variable: there is no answer to give, so report it as loadConfig would.
    if (error.issues.some((issue) => issue.given !== undefined)) throw error;
    return error.issues.map((issue) => issue.variable);
  }
}

function toIssues(errors: ValidationError[], env: ConfigEnv): ConfigIssue[] {
  return errors.map((error) => {
    const variable = error.property;
    const given = env[variable];
    const messages = [...new Set(Object.values(error.constraints ?? {}))];
    return {
      variable,
      given: given === undefined || given === '' ? undefined : SECRET_VARIABLES.has(variable) ? redactSecret(given) : given,
      allowed: messages.join('; '),
    };
  });
}

/** Shows enough of a secret to spot a typo, never the password. */
export function redactSecret(value: string): string {
  try {
    const url = new URL(value);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return `<hidden, ${value.length} characters>`;
  }
}

function required(value: string | undefined): string {
  // Unreachable after validation; keeps the types honest without a non-null assertion.
  if (value === undefined) throw new Error('validated variable is missing');
  return value;
}
