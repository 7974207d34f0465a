/**
 * The bootstrap every service's main.ts calls: config from process.env (a bad
 * one ends the process with exit code 1 and one message naming each variable),
 * pino JSON logs tagged with the service, /health and /ready, graceful shutdown
 * on SIGTERM/SIGINT bounded by SHUTDOWN_TIMEOUT_MS; JSON bodies read after the
 * guards (json-body.ts), Cache-Control: no-store on the API, no X-Powered-By.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamicModule, INestApplication, Module, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import pino from 'pino';
import type { EventPublication, ServiceName } from '@jm/bus';
import { ConfigError } from '../config/config-error';
import { ConfigEnv, loadConfig, ServiceConfig } from '../config/service-config';
import type { InfrastructureFactories, ReadModelSchema } from './infrastructure-adapters';
import { ServiceCoreModule } from './service-core.module';
import { connectServiceConsumer } from './service-messaging';
import { ProblemDetailsFilter } from './problem-details.filter';
import { JsonBodyInterceptor } from './json-body';
import type { Clock } from '@jm/event-sourcing';
import { setupOpenApi } from './openapi';
import { createValidationPipe } from './validation';
import { requestLog, ServiceNestLogger, traceLogFields } from './service-logging';
import { startTracing, traceRequests } from '../observability';
import { tracingProviders } from '../observability/tracing-lifecycle';
import { chooseLogFormat, prettyDestination } from './service-log-format';
import { httpMetrics, metricsEndpoint, ServiceMetrics } from '../observability';

export interface CreateServiceAppOptions {
  /** Environment to load config from (default process.env); ignored when config is given. */
  env?: ConfigEnv;
  config?: ServiceConfig;
  /** Replaces adapter factories, e.g. with fakes in tests. */
  infrastructure?: Partial<InfrastructureFactories>;
  /** Entities and migrations the domain adds to the service's own database. */
  readModel?: ReadModelSchema;
  /** Time source (default the system clock); tests pass a ManualClock. */
  clock?: Clock;
  /** What the relay publishes of each stored event (default: as stored). */
  publication?: EventPublication;
}

export interface ServiceApp {
  app: INestApplication;
  config: ServiceConfig;
  logger: pino.Logger;
}

/**
 * Request headers that carry credentials: bearer tokens, the informant's receipt
 * secret, cookies, the console's CSRF token. The request log (service-logging.ts) logs every request's headers; these never reach a log.
 * (Bodies are not logged at all, so informant identity in a submission is not either.)
 */
export const LOG_REDACT_PATHS = ['req.headers.authorization', 'req.headers["x-receipt-secret"]', 'req.headers.cookie', 'req.headers["x-csrf-token"]'];

/**
 * One pino instance per process, shared by Nest, HTTP request logs and bootstrap; every line carries service and instance.
 * JSON lines, or readable ones (service-log-format.ts) with LOG_FORMAT=pretty, or auto when writing to a terminal.
 */
export function createServiceLogger(config: ServiceConfig, destination?: pino.DestinationStream): pino.Logger {
  const options: pino.LoggerOptions = {
    level: config.logLevel,
    redact: { paths: LOG_REDACT_PATHS, censor: '[redacted]' },
    base: { service: config.service, instance: config.instanceId, pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    ...(config.tracing.exporter !== 'none' ? { mixin: traceLogFields } : {}),
  };
  // A destination given (tests, tools) is not a terminal.
  const terminal = !destination && Boolean(process.stdout.isTTY);
  if (chooseLogFormat(config.logFormat, terminal) === 'pretty')
    return pino(options, prettyDestination(destination ?? process.stdout, { color: terminal && !process.env.NO_COLOR }));
  return destination ? pino(options, destination) : pino(options);
}

@Module({})
class ServiceRootModule {}

/** Paths any cache may keep: the public API description and the probes. */
const CACHEABLE_PATH = /^\/(docs|docs-json|health|ready)(\/|\?|$)/;

/**
 * Cache-Control: no-store on every API answer, errors included, set before the
 * route runs: answers carry informants' identities, lead files and ledgers,
 * and no browser or proxy cache may keep them.
 */
function noStore(req: IncomingMessage, res: ServerResponse, next: () => void): void {
  if (!CACHEABLE_PATH.test(req.url ?? '')) res.setHeader('Cache-Control', 'no-store');
  next();
}

/** Builds the Nest app (not listening yet): ServiceCoreModule plus the service's own module. Throws ConfigError on bad config. */
export async function createServiceApp(
  service: ServiceName,
  appModule: Type<unknown> | DynamicModule,
  options: CreateServiceAppOptions = {},
): Promise<ServiceApp> {
  const config = options.config ?? loadConfig(service, options.env ?? process.env);
  const tracing = startTracing(config.tracing, { instanceId: config.instanceId });
  const logger = createServiceLogger(config);
  const root: DynamicModule = {
    module: ServiceRootModule,
    providers: tracingProviders(tracing),
    imports: [
      ServiceCoreModule.forRoot({
        config,
        logger,
        infrastructure: options.infrastructure,
        readModel: options.readModel,
        clock: options.clock,
        publication: options.publication,
      }),
      appModule,
    ],
  };
  // abortOnError: false, so a failing provider (store unreachable) throws and exits 1 instead of process.abort().
  // bodyParser: false: JsonBodyInterceptor reads JSON bodies, after the guards (json-body.ts).
  const app = await NestFactory.create(root, { bufferLogs: true, abortOnError: false, bodyParser: false });
  app.useLogger(new ServiceNestLogger(logger));
  const express = app.getHttpAdapter().getInstance() as { disable(setting: string): void; set(setting: string, value: unknown): void };
  express.disable('x-powered-by');
  // request.ip is the client X-Forwarded-For names only when the connection comes from a trusted proxy (the console's gateway).
  if (config.domain.trustedProxies.length) express.set('trust proxy', config.domain.trustedProxies);
  // Before the routes, which Nest registers when the app initialises.
  if (tracing.tracer) app.use(traceRequests(tracing.tracer));
  app.use(requestLog(logger));
  const metrics = app.get(ServiceMetrics);
  app.use(httpMetrics(metrics), metricsEndpoint(metrics, config.security.metricsToken));
  app.use(noStore);
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.useGlobalInterceptors(new JsonBodyInterceptor());
  app.useGlobalPipes(createValidationPipe());
  setupOpenApi(app, service);
  return { app, config, logger };
}

export function serviceUrl(host: string, address: AddressInfo | string | null): string {
  const port = typeof address === 'object' && address !== null ? address.port : undefined;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return `http://${shownHost}${port === undefined ? '' : `:${port}`}`;
}

/**
 * Runs a service as a process: the whole life from config to exit. Never
 * rejects: every failure is reported and ends the process with exit code 1.
 */
export async function bootstrapService(
  service: ServiceName,
  appModule: Type<unknown> | DynamicModule,
  options: Pick<CreateServiceAppOptions, 'readModel' | 'publication'> = {},
): Promise<void> {
  let config: ServiceConfig;
  try {
    config = loadConfig(service, process.env);
  } catch (error) {
    // Before a logger exists; a plain message reads best for a person fixing their environment.
    process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
    process.exit(1);
  }

  // Whatever the service writes (databases, evidence files) is its user's alone: 0600 files, 0700 folders.
  process.umask(0o077);
  const logger = createServiceLogger(config);
  const fail = (error: unknown, what: string): never => {
    logger.fatal({ err: error }, what);
    process.exit(1);
  };
  process.on('unhandledRejection', (reason) => fail(reason, 'unhandled promise rejection'));
  process.on('uncaughtException', (error) => fail(error, 'uncaught exception'));

  try {
    const { app } = await createServiceApp(service, appModule, { config, readModel: options.readModel, publication: options.publication });
    // Nest runs the lifecycle hooks on these signals, then exits 0 (useProcessExit) or 1 if a hook throws.
    app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
    armForcedExit(logger, config.shutdownTimeoutMs);

    connectServiceConsumer(app, config);
    await app.startAllMicroservices();
    await app.listen(config.port, config.host);
    const url = serviceUrl(config.host, app.getHttpServer().address() as AddressInfo | string | null);
    logger.info({ url }, `${service} listening on ${url}`);
    process.stdout.write(`${service} listening on ${url}\n`);
  } catch (error) {
    fail(error, `${service} failed to start`);
  }
}

/** Bounds shutdown: if closing hangs (a stuck consumer, an unreachable broker), exit 1 after timeoutMs with an error log. */
function armForcedExit(logger: pino.Logger, timeoutMs: number): void {
  let armed = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (armed) return;
    armed = true;
    logger.info({ signal, timeoutMs }, 'shutting down');
    setTimeout(() => {
      logger.error({ signal, timeoutMs }, `shutdown did not finish within SHUTDOWN_TIMEOUT_MS=${timeoutMs}; forcing exit`);
      process.exit(1);
    }, timeoutMs).unref();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
