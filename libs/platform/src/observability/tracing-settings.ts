/**
 * The tracing part of a service's configuration: the standard OTEL_* variables
 * (OpenTelemetry's SDK environment specification) read into TracingSettings.
 * Off unless an exporter is named: the embedded mode exports nothing by default.
 */

export const TRACES_EXPORTERS = ['none', 'zipkin', 'otlp'] as const;
export type TracesExporter = (typeof TRACES_EXPORTERS)[number];
export const TRACES_SAMPLERS = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
] as const;
export type TracesSampler = (typeof TRACES_SAMPLERS)[number];

export const HTTP_URL = /^https?:\/\/[^\s/?#]+(\/\S*)?$/;

export const TRACING_ALLOWED = {
  exporter: `one of ${TRACES_EXPORTERS.join(', ')} (none: no traces)`,
  url: 'an http:// or https:// URL, e.g. http://127.0.0.1:9411/api/v2/spans',
  serviceName: 'letters, digits and . _ - (1 to 100 characters)',
  sampler: `one of ${TRACES_SAMPLERS.join(', ')}`,
  samplerArg: 'a sampling ratio from 0 to 1, e.g. 0.25',
};

/** The defaults of the specification, except the exporter: none, so nothing is sent unless asked for. */
export const TRACING_DEFAULTS = {
  OTEL_SDK_DISABLED: 'false',
  OTEL_TRACES_EXPORTER: 'none',
  OTEL_EXPORTER_ZIPKIN_ENDPOINT: 'http://localhost:9411/api/v2/spans',
  OTEL_EXPORTER_OTLP_ENDPOINT: 'http://localhost:4318',
  OTEL_TRACES_SAMPLER: 'parentbased_always_on',
  OTEL_TRACES_SAMPLER_ARG: '1',
} as const;

/** The OTEL_* variables as environment-variables.ts validates them (a structural type: config imports this file). */
export interface OtelVariables {
  OTEL_SDK_DISABLED: 'true' | 'false';
  OTEL_TRACES_EXPORTER: TracesExporter;
  OTEL_EXPORTER_ZIPKIN_ENDPOINT: string;
  OTEL_EXPORTER_OTLP_ENDPOINT: string;
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?: string;
  OTEL_SERVICE_NAME?: string;
  OTEL_TRACES_SAMPLER: TracesSampler;
  OTEL_TRACES_SAMPLER_ARG: string;
}

export interface TracingSettings {
  /** none when OTEL_SDK_DISABLED=true or OTEL_TRACES_EXPORTER=none: no provider, no exporter, no cost. */
  exporter: TracesExporter;
  /** Where the chosen exporter sends spans (Zipkin's /api/v2/spans, or OTLP/HTTP's /v1/traces). */
  endpoint: string;
  serviceName: string;
  sampler: TracesSampler;
  samplerRatio: number;
}

export function tracingSettings(vars: OtelVariables, service: string): TracingSettings {
  const exporter = vars.OTEL_SDK_DISABLED === 'true' ? 'none' : vars.OTEL_TRACES_EXPORTER;
  const otlpBase = vars.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, '');
  return {
    exporter,
    endpoint:
      exporter === 'zipkin'
        ? vars.OTEL_EXPORTER_ZIPKIN_ENDPOINT
        : exporter === 'otlp'
          ? (vars.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? `${otlpBase}/v1/traces`)
          : '',
    serviceName: vars.OTEL_SERVICE_NAME ?? service,
    sampler: vars.OTEL_TRACES_SAMPLER,
    samplerRatio: Number(vars.OTEL_TRACES_SAMPLER_ARG),
  };
}
