/**
 * GET /metrics in each service's OpenAPI document: not a Nest route (metrics-http.ts),
 * so declared here, with every status it answers, for readers and the fuzz.
 */
import type { OpenAPIObject } from '@nestjs/swagger';
import { METRICS_PATH } from './metrics-http';

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

/** Adds the operation and its security scheme (the scrape token, METRICS_TOKEN) to the document. */
export function declareMetricsEndpoint(document: OpenAPIObject): OpenAPIObject {
  document.components = {
    ...document.components,
    securitySchemes: {
      ...document.components?.securitySchemes,
      metricsToken: { type: 'http', scheme: 'bearer', description: 'METRICS_TOKEN, the scrape token (not a user token)' },
    },
  };
  document.paths[METRICS_PATH] = {
    get: {
      operationId: 'metrics',
      tags: ['operations'],
      summary: 'Prometheus metrics, for the scrape token only; not exposed (404) without METRICS_TOKEN (docs/operations/metrics.md)',
      security: [{ metricsToken: [] }],
      responses: {
        '200': { description: "Prometheus' text exposition format", content: { 'text/plain': { schema: { type: 'string' } } } },
        '401': problem('No scrape token, or not the right one (a user token is not one)'),
        '404': problem('METRICS_TOKEN is not set: the service exposes no metrics'),
      },
    },
  };
  return document;
}
