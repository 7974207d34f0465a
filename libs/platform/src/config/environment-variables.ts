/**
 * The environment a service reads, as one class-validator class. Property names
 * are the variable names, so a validation error names the variable directly.
 * Every decorator's message is the "allowed" text shown to the person fixing it.
 */
import { isIP } from 'node:net';
import { Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  Validate,
  ValidateIf,
  ValidatorConstraint,
} from 'class-validator';
import type { ValidatorConstraintInterface } from 'class-validator';
import { HTTP_URL, TRACES_EXPORTERS, TRACES_SAMPLERS, TRACING_ALLOWED } from '../observability/tracing-settings';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
/** auto: readable lines on a terminal, JSON otherwise (service-log-format.ts). */
export const LOG_FORMATS = ['auto', 'json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];
export const LEDGER_INDEX_MODES = ['on', 'off'] as const;
export const EVENT_STORE_KINDS = ['sqlite', 'postgres'] as const;
export const BUS_KINDS = ['embedded', 'kafka'] as const;
export const READ_MODEL_KINDS = ['sqlite', 'postgres'] as const;

/** Variables whose values carry credentials: never defaulted, never echoed in full. */
export const SECRET_VARIABLES: ReadonlySet<string> = new Set([
  'PG_URL',
  'READ_MODEL_PG_URL',
  'JWT_SECRET',
  'JWT_PREVIOUS_SECRETS',
  'KEY_ENCRYPTION_KEY',
  'KEY_ENCRYPTION_KEY_PREVIOUS',
  'SMTP_URL',
  'KAFKA_SASL_PASSWORD',
  'FEDERATION_LINK_SECRETS',
  'METRICS_TOKEN',
]);

const oneOf = (values: readonly string[]): string => `one of ${values.join(', ')}`;
const POSTGRES_URL = /^postgres(ql)?:\/\/\S+$/;
const HOST_NAME_OR_IP = /^([A-Za-z0-9][A-Za-z0-9.-]*|[0-9A-Fa-f:]+)$/;
const BROKER_LIST = /^\s*[^\s,:]+:\d{1,5}\s*(,\s*[^\s,:]+:\d{1,5}\s*)*$/;
const PG_IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;
const INSTANCE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

const DNS_NAME = /^(?=.{1,253}\.?$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\.?$/;

/**
 * A comma-separated list of host names and IP addresses, canonical (lowercase,
 * IPv6 compressed as a URL writes it, no brackets, no trailing dot), or
 * undefined when an entry is neither. Empty: no hosts.
 */
export function parseHostList(value: string): string[] | undefined {
  const hosts: string[] = [];
  for (const raw of value.split(',')) {
    const entry = raw
      .trim()
      .replace(/^\[(.*)\]$/, '$1')
      .toLowerCase();
    if (entry === '') continue;
    if (isIP(entry) === 0 && !DNS_NAME.test(entry)) return undefined;
    // The URL parser canonicalises addresses exactly as it does the URLs they are compared with.
    const host = new URL(`http://${isIP(entry) === 6 ? `[${entry}]` : entry}/`).hostname;
    hosts.push(host.replace(/^\[(.*)\]$/, '$1').replace(/\.$/, ''));
  }
  return hosts;
}

@ValidatorConstraint({ name: 'hostList' })
class HostList implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && parseHostList(value) !== undefined;
  }
}

/** Decimal integers become numbers; anything else stays a string so @IsInt rejects it. */
const toInteger = ({ value }: { value: unknown }): unknown => (typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value);

/** Addresses whose X-Forwarded-For a service believes (Express's trust proxy list): IPv4/IPv6 addresses or ranges, or Express's names. */
const PROXY_ENTRY = '(loopback|linklocal|uniquelocal|[0-9a-fA-F:.]{2,45}(/[0-9]{1,3})?)';
export const TRUSTED_PROXIES_PATTERN = new RegExp(`^(${PROXY_ENTRY}( *, *${PROXY_ENTRY})*)?$`);

const msg = {
  host: 'a host name or IP address to listen on, e.g. 127.0.0.1 or 0.0.0.0',
  port: 'an integer from 0 to 65535 (0 picks a free port)',
  logLevel: oneOf(LOG_LEVELS),
  logFormat: `${oneOf(LOG_FORMATS)} (auto: readable lines on a terminal, JSON otherwise)`,
  eventStore: oneOf(EVENT_STORE_KINDS),
  ledgerIndex: oneOf(LEDGER_INDEX_MODES),
  sqlitePath: 'a non-empty file path',
  pgUrl: 'a postgres:// or postgresql:// URL; required when EVENT_STORE=postgres, no default (it carries credentials)',
  pgSchema: 'a PostgreSQL schema name: lowercase letters, digits and _, not starting with a digit, at most 63 characters',
  bus: oneOf(BUS_KINDS),
  kafkaBrokers: 'a comma-separated list of host:port; required when BUS=kafka',
  kafkaClientId: 'a non-empty client id',
  kafkaTopicPrefix: 'empty, or lowercase letters, digits and . _ - (at most 100, starting with a letter or digit), e.g. "staging."',
  deployment: 'empty (one process serves every agency, no federation), or the id of a deployment in DEPLOYMENTS_PATH, e.g. lc; needs BUS=kafka',
  saslUsername: 'empty (no SASL), or the Kafka principal, letters, digits and . _ - (at most 64); with KAFKA_SASL_PASSWORD',
  saslPassword: 'the SCRAM-SHA-512 password of KAFKA_SASL_USERNAME, at least 12 characters; no default',
  readModelDb: oneOf(READ_MODEL_KINDS),
  readModelPgUrl: 'a postgres:// or postgresql:// URL; required when READ_MODEL_DB=postgres, no default (it carries credentials)',
  shutdownTimeout: 'an integer number of milliseconds from 100 to 600000',
  instanceId: 'letters, digits and . _ : - (1 to 128 characters)',
  jwtSecret: 'the HS256 secret tokens are signed with, at least 32 characters; no default (npm start generates one into .data/secrets.json)',
  registryPath: 'a non-empty path to the agency registry JSON file',
  jwtPrevious:
    'empty, or comma-separated secrets of at least 32 characters without , or white space: they still verify tokens but never sign (rotation)',
  tokenLifetime: 'an integer number of hours from 1 to 720: the longest lifetime (exp − iat) a bearer token may claim',
  metricsToken: 'the bearer token Prometheus scrapes /metrics with, at least 32 characters; unset: /metrics answers 404',
  kek: '64 hexadecimal characters (a 32-byte key-encryption key for informant data keys); required by intake, no default',
  kekPrevious:
    'empty, or comma-separated keys of 64 hexadecimal characters: earlier key-encryption keys that still unwrap data keys until npm run rotate:kek re-wraps them',
  perMinute: 'an integer from 1 to 100000',
  trustedProxies:
    'empty (trust none), or a comma-separated list of IP addresses, CIDR ranges and the names loopback, linklocal, uniquelocal, e.g. loopback or 10.0.0.0/8',
  dir: 'a non-empty directory path',
  maxBytes: 'an integer number of bytes from 1024 to 1073741824',
  hours: 'an integer number of hours from 1 to 8760',
  days: 'an integer number of days from 1 to 3650',
  agreementDays: 'an integer number of working days from 0 (refer at once) to 365',
  checkSeconds: 'an integer number of seconds from 1 to 86400',
  petitionThreshold: 'an integer number of petitions from 1 to 1000',
  anchorMinutes: 'an integer number of minutes from 0 to 10080 (0 turns periodic audit anchors off)',
  federationAuditUrls: 'empty, or comma-separated <deployment>=<http:// or https:// base URL>, e.g. lc=http://10.1.0.4:3004,fz=http://10.2.0.4:3004',
  federationLinkSecrets: 'empty, or comma-separated <deployment>=<secret of at least 32 characters, no comma or =>, one per linked deployment',
  statisticsSeconds: 'an integer number of seconds from 0 to 86400 (0 turns the monthly statistics submissions off)',
  filePath: 'a non-empty file path',
  tickSeconds: 'an integer number of seconds from 1 to 3600',
  smtpUrl: 'empty (email off), or an smtp:// or smtps:// URL, e.g. smtp://user:pass@mail.example.gov.cn:587',
  smtpFrom: 'a non-empty sender, e.g. 联席会议平台 <noreply@example.gov.cn>',
  attempts: 'an integer from 1 to 50',
  retryMs: 'an integer number of milliseconds from 10 to 3600000',
  lockoutThreshold: 'an integer number of consecutive failed sign-ins from 3 to 100',
  lockoutMinutes: 'an integer number of minutes from 1 to 1440',
  idleMinutes: 'an integer number of minutes from 1 to 1440',
  maxHours: 'an integer number of hours from 1 to 168',
  flag: 'true or false',
  allowedHosts:
    'empty (no exception), or a comma-separated list of host names and IP addresses exactly as webhook URLs write them, e.g. 127.0.0.1,hooks.example.gov.cn',
};

export class EnvironmentVariables {
  @IsString({ message: msg.host })
  @Matches(HOST_NAME_OR_IP, { message: msg.host })
  HOST!: string;

  @Transform(toInteger)
  @IsInt({ message: msg.port })
  @Min(0, { message: msg.port })
  @Max(65535, { message: msg.port })
  PORT!: number;

  @IsIn(LOG_LEVELS, { message: msg.logLevel })
  LOG_LEVEL!: LogLevel;

  @IsIn(LOG_FORMATS, { message: msg.logFormat })
  LOG_FORMAT!: LogFormat;

  @IsIn(EVENT_STORE_KINDS, { message: msg.eventStore })
  EVENT_STORE!: (typeof EVENT_STORE_KINDS)[number];

  @ValidateIf((env: EnvironmentVariables) => env.EVENT_STORE === 'sqlite')
  @IsString({ message: msg.sqlitePath })
  @IsNotEmpty({ message: msg.sqlitePath })
  SQLITE_PATH!: string;

  @ValidateIf((env: EnvironmentVariables) => env.EVENT_STORE === 'postgres')
  @IsString({ message: msg.pgUrl })
  @Matches(POSTGRES_URL, { message: msg.pgUrl })
  PG_URL?: string;

  @ValidateIf((env: EnvironmentVariables) => env.EVENT_STORE === 'postgres')
  @IsString({ message: msg.pgSchema })
  @Matches(PG_IDENTIFIER, { message: msg.pgSchema })
  PG_SCHEMA!: string;

  @IsIn(BUS_KINDS, { message: msg.bus })
  BUS!: (typeof BUS_KINDS)[number];

  @ValidateIf((env: EnvironmentVariables) => env.BUS === 'kafka')
  @IsString({ message: msg.kafkaBrokers })
  @Matches(BROKER_LIST, { message: msg.kafkaBrokers })
  KAFKA_BROKERS?: string;

  @ValidateIf((env: EnvironmentVariables) => env.BUS === 'kafka')
  @IsString({ message: msg.kafkaClientId })
  @IsNotEmpty({ message: msg.kafkaClientId })
  KAFKA_CLIENT_ID!: string;

  @ValidateIf((env: EnvironmentVariables) => env.BUS === 'kafka')
  @IsString({ message: msg.kafkaTopicPrefix })
  @Matches(/^([a-z0-9][a-z0-9._-]{0,99})?$/, { message: msg.kafkaTopicPrefix })
  KAFKA_TOPIC_PREFIX!: string;

  @IsOptional()
  @Matches(/^[a-z][a-z0-9]{1,15}$/, { message: msg.deployment })
  DEPLOYMENT?: string;

  @IsString({ message: msg.filePath })
  @IsNotEmpty({ message: msg.filePath })
  DEPLOYMENTS_PATH!: string;

  @IsOptional()
  @Matches(/^[A-Za-z0-9._-]{1,64}$/, { message: msg.saslUsername })
  KAFKA_SASL_USERNAME?: string;

  @ValidateIf((env: EnvironmentVariables) => env.KAFKA_SASL_USERNAME !== undefined || env.KAFKA_SASL_PASSWORD !== undefined)
  @IsString({ message: msg.saslPassword })
  @MinLength(12, { message: msg.saslPassword })
  KAFKA_SASL_PASSWORD?: string;

  @IsIn(READ_MODEL_KINDS, { message: msg.readModelDb })
  READ_MODEL_DB!: (typeof READ_MODEL_KINDS)[number];

  @ValidateIf((env: EnvironmentVariables) => env.READ_MODEL_DB === 'sqlite')
  @IsString({ message: msg.sqlitePath })
  @IsNotEmpty({ message: msg.sqlitePath })
  READ_MODEL_SQLITE_PATH!: string;

  @ValidateIf((env: EnvironmentVariables) => env.READ_MODEL_DB === 'postgres')
  @IsString({ message: msg.readModelPgUrl })
  @Matches(POSTGRES_URL, { message: msg.readModelPgUrl })
  READ_MODEL_PG_URL?: string;

  @ValidateIf((env: EnvironmentVariables) => env.READ_MODEL_DB === 'postgres')
  @IsString({ message: msg.pgSchema })
  @Matches(PG_IDENTIFIER, { message: msg.pgSchema })
  READ_MODEL_PG_SCHEMA!: string;

  @Transform(toInteger)
  @IsInt({ message: msg.shutdownTimeout })
  @Min(100, { message: msg.shutdownTimeout })
  @Max(600000, { message: msg.shutdownTimeout })
  SHUTDOWN_TIMEOUT_MS!: number;

  @IsString({ message: msg.instanceId })
  @Matches(INSTANCE_ID, { message: msg.instanceId })
  INSTANCE_ID!: string;

  @IsString({ message: msg.jwtSecret })
  @MinLength(32, { message: msg.jwtSecret })
  JWT_SECRET!: string;

  @IsOptional()
  @Matches(/^[^,\s]{32,}(,[^,\s]{32,})*$/, { message: msg.jwtPrevious })
  JWT_PREVIOUS_SECRETS?: string;

  @Transform(toInteger)
  @IsInt({ message: msg.tokenLifetime })
  @Min(1, { message: msg.tokenLifetime })
  @Max(720, { message: msg.tokenLifetime })
  TOKEN_MAX_LIFETIME_HOURS!: number;

  @IsString({ message: msg.registryPath })
  @IsNotEmpty({ message: msg.registryPath })
  AGENCY_REGISTRY_PATH!: string;

  @ValidateIf((env: EnvironmentVariables) => env.KEY_ENCRYPTION_KEY !== undefined)
  @Matches(/^[0-9a-fA-F]{64}$/, { message: msg.kek })
  KEY_ENCRYPTION_KEY?: string;

  @IsOptional()
  @Matches(/^[0-9a-fA-F]{64}(,[0-9a-fA-F]{64})*$/, { message: msg.kekPrevious })
  KEY_ENCRYPTION_KEY_PREVIOUS?: string;
  @IsString({ message: msg.filePath })
  @IsNotEmpty({ message: msg.filePath })
  SHRED_JOURNAL_PATH!: string;
  @ValidateIf((env: EnvironmentVariables) => env.METRICS_TOKEN !== undefined)
  @IsString({ message: msg.metricsToken })
  @Matches(/^[\x21-\x7e]{32,}$/, { message: msg.metricsToken })
  METRICS_TOKEN?: string;

  @Transform(toInteger)
  @IsInt({ message: msg.perMinute })
  @Min(1, { message: msg.perMinute })
  @Max(100000, { message: msg.perMinute })
  PUBLIC_RATE_LIMIT_PER_MINUTE!: number;

  @IsString({ message: msg.trustedProxies })
  @Matches(TRUSTED_PROXIES_PATTERN, { message: msg.trustedProxies })
  TRUSTED_PROXIES!: string;

  @IsString({ message: msg.dir })
  @IsNotEmpty({ message: msg.dir })
  EVIDENCE_DIR!: string;

  @Transform(toInteger)
  @IsInt({ message: msg.maxBytes })
  @Min(1024, { message: msg.maxBytes })
  @Max(1073741824, { message: msg.maxBytes })
  EVIDENCE_MAX_BYTES!: number;

  @Transform(toInteger)
  @IsInt({ message: msg.hours })
  @Min(1, { message: msg.hours })
  @Max(8760, { message: msg.hours })
  LEAD_REPORT_DEADLINE_HOURS!: number;

  @IsString({ message: msg.registryPath })
  @IsNotEmpty({ message: msg.registryPath })
  ROUTING_RULES_PATH!: string;

  @Transform(toInteger)
  @IsInt({ message: msg.days })
  @Min(1, { message: msg.days })
  @Max(3650, { message: msg.days })
  VERIFICATION_DEADLINE_DAYS!: number;

  @Transform(toInteger)
  @IsInt({ message: msg.days })
  @Min(1, { message: msg.days })
  @Max(3650, { message: msg.days })
  POLICE_RESPONSE_DAYS!: number;

  @Transform(toInteger)
  @IsInt({ message: msg.agreementDays })
  @Min(0, { message: msg.agreementDays })
  @Max(365, { message: msg.agreementDays })
  CROSS_REGION_AGREEMENT_DAYS!: number;

  @Transform(toInteger)
  @IsInt({ message: msg.checkSeconds })
  @Min(1, { message: msg.checkSeconds })
  @Max(86400, { message: msg.checkSeconds })
  CROSS_REGION_CHECK_SECONDS!: number;

  @Transform(toInteger)
  @IsInt({ message: msg.petitionThreshold })
  @Min(1, { message: msg.petitionThreshold })
  @Max(1000, { message: msg.petitionThreshold })
  PETITION_PRESSURE_THRESHOLD!: number;

  @Transform(toInteger)
  @IsInt({ message: msg.anchorMinutes })
  @Min(0, { message: msg.anchorMinutes })
  @Max(10080, { message: msg.anchorMinutes })
  AUDIT_ANCHOR_INTERVAL_MINUTES!: number;

  // Reporting across deployments (docs/federation-reporting.md).
  @IsOptional()
  @Matches(/^([a-z][a-z0-9]{1,15}=https?:\/\/[^\s,@]+)(,[a-z][a-z0-9]{1,15}=https?:\/\/[^\s,@]+)*$/, { message: msg.federationAuditUrls })
  FEDERATION_AUDIT_URLS?: string;

  @IsOptional()
  @Matches(/^([a-z][a-z0-9]{1,15}=[^\s,=]{32,})(,[a-z][a-z0-9]{1,15}=[^\s,=]{32,})*$/, { message: msg.federationLinkSecrets })
  FEDERATION_LINK_SECRETS?: string;

  @Transform(toInteger)
  @IsInt({ message: msg.statisticsSeconds })
  @Min(0, { message: msg.statisticsSeconds })
  @Max(86400, { message: msg.statisticsSeconds })
  FEDERATION_STATISTICS_INTERVAL_SECONDS!: number;

  @IsIn(LEDGER_INDEX_MODES, { message: msg.ledgerIndex })
  LEDGER_INDEX!: (typeof LEDGER_INDEX_MODES)[number];

  @IsString({ message: msg.filePath })
  @IsNotEmpty({ message: msg.filePath })
  DEADLINE_POLICIES_PATH!: string;

  @IsString({ message: msg.dir })
  @IsNotEmpty({ message: msg.dir })
  HOLIDAY_CALENDAR_DIR!: string;

  @Transform(toInteger)
  @IsInt({ message: msg.tickSeconds })
  @Min(1, { message: msg.tickSeconds })
  @Max(3600, { message: msg.tickSeconds })
  DEADLINE_TICK_SECONDS!: number;

  @IsString({ message: msg.filePath })
  @IsNotEmpty({ message: msg.filePath })
  NOTIFICATION_CHANNELS_PATH!: string;

  @ValidateIf((o: EnvironmentVariables) => o.SMTP_URL !== undefined)
  @Matches(/^smtps?:\/\/\S+$/, { message: msg.smtpUrl })
  SMTP_URL?: string;

  @IsString({ message: msg.smtpFrom })
  @IsNotEmpty({ message: msg.smtpFrom })
  SMTP_FROM!: string;

  @Transform(toInteger)
  @IsInt({ message: msg.attempts })
  @Min(1, { message: msg.attempts })
  @Max(50, { message: msg.attempts })
  DELIVERY_MAX_ATTEMPTS!: number;

  @Transform(toInteger)
  @IsInt({ message: msg.retryMs })
  @Min(10, { message: msg.retryMs })
  @Max(3600000, { message: msg.retryMs })
  DELIVERY_RETRY_BASE_MS!: number;

  @ValidateIf((o: EnvironmentVariables) => o.WEBHOOK_ALLOWED_HOSTS !== undefined)
  @Validate(HostList, { message: msg.allowedHosts })
  WEBHOOK_ALLOWED_HOSTS?: string;

  @Transform(toInteger)
  @IsInt({ message: msg.lockoutThreshold })
  @Min(3, { message: msg.lockoutThreshold })
  @Max(100, { message: msg.lockoutThreshold })
  CONSOLE_LOCKOUT_THRESHOLD!: number;

  @Transform(toInteger)
  @IsInt({ message: msg.lockoutMinutes })
  @Min(1, { message: msg.lockoutMinutes })
  @Max(1440, { message: msg.lockoutMinutes })
  CONSOLE_LOCKOUT_MINUTES!: number;

  @Transform(toInteger)
  @IsInt({ message: msg.perMinute })
  @Min(1, { message: msg.perMinute })
  @Max(100000, { message: msg.perMinute })
  CONSOLE_SIGN_IN_PER_MINUTE!: number;

  @Transform(toInteger)
  @IsInt({ message: msg.idleMinutes })
  @Min(1, { message: msg.idleMinutes })
  @Max(1440, { message: msg.idleMinutes })
  CONSOLE_SESSION_IDLE_MINUTES!: number;

  @Transform(toInteger)
  @IsInt({ message: msg.maxHours })
  @Min(1, { message: msg.maxHours })
  @Max(168, { message: msg.maxHours })
  CONSOLE_SESSION_MAX_HOURS!: number;

  @IsIn(['true', 'false'], { message: msg.flag })
  CONSOLE_SECURE_COOKIES!: 'true' | 'false';

  @IsIn(['true', 'false'], { message: msg.flag })
  CONSOLE_TRUST_PROXY!: 'true' | 'false';

  // OpenTelemetry traces (docs/operations/tracing.md): the standard OTEL_* names, what observability/tracing-settings.ts allows.
  @IsIn(['true', 'false'], { message: msg.flag })
  OTEL_SDK_DISABLED!: 'true' | 'false';

  @IsIn(TRACES_EXPORTERS, { message: TRACING_ALLOWED.exporter })
  OTEL_TRACES_EXPORTER!: (typeof TRACES_EXPORTERS)[number];

  @Matches(HTTP_URL, { message: TRACING_ALLOWED.url })
  OTEL_EXPORTER_ZIPKIN_ENDPOINT!: string;

  @Matches(HTTP_URL, { message: TRACING_ALLOWED.url })
  OTEL_EXPORTER_OTLP_ENDPOINT!: string;

  @IsOptional()
  @Matches(HTTP_URL, { message: TRACING_ALLOWED.url })
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?: string;

  @IsOptional()
  @Matches(/^[A-Za-z0-9._-]{1,100}$/, { message: TRACING_ALLOWED.serviceName })
  OTEL_SERVICE_NAME?: string;

  @IsIn(TRACES_SAMPLERS, { message: TRACING_ALLOWED.sampler })
  OTEL_TRACES_SAMPLER!: (typeof TRACES_SAMPLERS)[number];

  @Matches(/^(0(\.\d+)?|1(\.0+)?)$/, { message: TRACING_ALLOWED.samplerArg })
  OTEL_TRACES_SAMPLER_ARG!: string;
}

/** Every variable a service reads, in documentation order. */
export const CONFIG_VARIABLES = [
  'HOST',
  'PORT',
  'LOG_LEVEL',
  'LOG_FORMAT',
  'EVENT_STORE',
  'SQLITE_PATH',
  'PG_URL',
  'PG_SCHEMA',
  'BUS',
  'KAFKA_BROKERS',
  'KAFKA_CLIENT_ID',
  'KAFKA_TOPIC_PREFIX',
  'KAFKA_SASL_USERNAME',
  'KAFKA_SASL_PASSWORD',
  'DEPLOYMENT',
  'DEPLOYMENTS_PATH',
  'READ_MODEL_DB',
  'READ_MODEL_SQLITE_PATH',
  'READ_MODEL_PG_URL',
  'READ_MODEL_PG_SCHEMA',
  'SHUTDOWN_TIMEOUT_MS',
  'INSTANCE_ID',
  'JWT_SECRET',
  'JWT_PREVIOUS_SECRETS',
  'TOKEN_MAX_LIFETIME_HOURS',
  'AGENCY_REGISTRY_PATH',
  'KEY_ENCRYPTION_KEY',
  'KEY_ENCRYPTION_KEY_PREVIOUS',
  'SHRED_JOURNAL_PATH',
  'METRICS_TOKEN',
  'PUBLIC_RATE_LIMIT_PER_MINUTE',
  'TRUSTED_PROXIES',
  'EVIDENCE_DIR',
  'EVIDENCE_MAX_BYTES',
  'LEAD_REPORT_DEADLINE_HOURS',
  'ROUTING_RULES_PATH',
  'VERIFICATION_DEADLINE_DAYS',
  'POLICE_RESPONSE_DAYS',
  'CROSS_REGION_AGREEMENT_DAYS',
  'CROSS_REGION_CHECK_SECONDS',
  'PETITION_PRESSURE_THRESHOLD',
  'AUDIT_ANCHOR_INTERVAL_MINUTES',
  'FEDERATION_AUDIT_URLS',
  'FEDERATION_LINK_SECRETS',
  'FEDERATION_STATISTICS_INTERVAL_SECONDS',
  'LEDGER_INDEX',
  'DEADLINE_POLICIES_PATH',
  'HOLIDAY_CALENDAR_DIR',
  'DEADLINE_TICK_SECONDS',
  'NOTIFICATION_CHANNELS_PATH',
  'SMTP_URL',
  'SMTP_FROM',
  'DELIVERY_MAX_ATTEMPTS',
  'DELIVERY_RETRY_BASE_MS',
  'WEBHOOK_ALLOWED_HOSTS',
  'CONSOLE_LOCKOUT_THRESHOLD',
  'CONSOLE_LOCKOUT_MINUTES',
  'CONSOLE_SIGN_IN_PER_MINUTE',
  'CONSOLE_SESSION_IDLE_MINUTES',
  'CONSOLE_SESSION_MAX_HOURS',
  'CONSOLE_SECURE_COOKIES',
  'CONSOLE_TRUST_PROXY',
  'OTEL_SDK_DISABLED',
  'OTEL_TRACES_EXPORTER',
  'OTEL_EXPORTER_ZIPKIN_ENDPOINT',
  'OTEL_EXPORTER_OTLP_ENDPOINT',
  'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT',
  'OTEL_SERVICE_NAME',
  'OTEL_TRACES_SAMPLER',
  'OTEL_TRACES_SAMPLER_ARG',
] as const satisfies readonly (keyof EnvironmentVariables)[];
export type ConfigVariable = (typeof CONFIG_VARIABLES)[number];
