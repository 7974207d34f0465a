/**
 * The CLIENT span of an outgoing HTTP call (docs/operations/tracing.md): federation checks, webhook deliveries. The
 * span is a child of the given context (default: the active one), carries OpenTelemetry's HTTP client attributes
 * (http.request.method, url.full without query, fragment or credentials, server.address, server.port,
 * http.response.status_code, error.type) and its W3C traceparent goes out in the request's headers, so the receiver
 * can continue the trace. With tracing off the call runs as it is, with no header added.
 */
import { Context, context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { markSpanFailed } from '@jm/bus';
import { activeTracer } from './tracing';

/** The URL as a span may show it: no user, password, query or fragment (a query may hold a token). */
export function urlForSpan(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

export interface OutgoingCall {
  method: string;
  url: URL;
  /** A low-cardinality name for the target, e.g. the path template (`/audit/federation/anchor-checks`) or `webhook`. */
  target?: string;
  /** The parent (default: the active context). */
  parent?: Context;
}

/**
 * Runs `send` inside the call's CLIENT span and hands it the trace headers to put on the request (empty when tracing
 * is off); `statusOf` reads the answer's status code. A status of 400 or above, or a thrown error, marks the span failed.
 */
export async function traceHttpCall<T>(
  call: OutgoingCall,
  send: (traceHeaders: Record<string, string>) => Promise<T>,
  statusOf: (answer: T) => number,
): Promise<T> {
  const tracer = activeTracer();
  if (!tracer) return send({});
  const parent = call.parent ?? context.active();
  const method = call.method.toUpperCase();
  const port = call.url.port || (call.url.protocol === 'https:' ? '443' : '80');
  const span = tracer.startSpan(
    call.target ? `${method} ${call.target}` : method,
    {
      kind: SpanKind.CLIENT,
      attributes: {
        'http.request.method': method,
        'url.full': urlForSpan(call.url),
        'server.address': call.url.hostname,
        'server.port': Number(port),
      },
    },
    parent,
  );
  const active = trace.setSpan(parent, span);
  const headers: Record<string, string> = {};
  propagation.inject(active, headers);
  try {
    const answer = await context.with(active, () => send(headers));
    const status = statusOf(answer);
    span.setAttribute('http.response.status_code', status);
    if (status >= 400) {
      span.setAttribute('error.type', String(status));
      span.setStatus({ code: SpanStatusCode.ERROR });
    }
    return answer;
  } catch (error) {
    span.setAttribute('error.type', error instanceof Error ? error.name : 'Error');
    markSpanFailed(span, error);
    throw error;
  } finally {
    span.end();
  }
}
