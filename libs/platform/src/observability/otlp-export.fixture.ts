/**
 * A process that traces as a service does (config from its environment), ends one span and shuts tracing down:
 * tracing.spec.ts runs it to see the OTLP/HTTP exporter's request, which jest's module sandbox cannot make
 * (the exporter loads node:http by a dynamic import).
 */
import { loadConfig } from '../config/service-config';
import { startTracing } from './tracing';

async function main(): Promise<void> {
  const tracing = startTracing(loadConfig('intake', process.env).tracing);
  tracing.tracer?.startSpan('buffered').end();
  await tracing.shutdown();
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
