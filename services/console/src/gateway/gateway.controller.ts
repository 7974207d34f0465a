/**
 * The gateway's route in the console's OpenAPI document. GatewayMiddleware
 * answers every request under /api before routing, so these handlers are never
 * reached; they exist to declare the route, its parameters and every status
 * the gateway itself answers (the service's own answers pass through unchanged).
 */
import { Controller, Delete, Get, Patch, Post, Put } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { UPSTREAMS } from './gateway.config';

const PROBLEM = { content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } };

function Forwarded(): MethodDecorator {
  return (target, key, descriptor) => {
    const decorators = [
      ApiOperation({
        summary: "Forwarded to the service's <path> with the session's identity (intake's /public/… without one)",
        description:
          'Needs the console session cookie (jm_session), and X-CSRF-Token on every method but GET and HEAD; the service answer ' +
          '(status, problem details, ETag, Content-Disposition, file bodies) is passed back unchanged.',
      }),
      ApiParam({ name: 'service', enum: [...UPSTREAMS] }),
      ApiParam({ name: 'path', description: "The service's own path, e.g. leads/123 (no . or .. segments, no encoded slashes)" }),
      ApiHeader({ name: 'X-CSRF-Token', required: false, description: 'The jm_csrf cookie value; required on every method but GET and HEAD' }),
      ApiResponse({ status: 200, description: "The service's answer, passed back unchanged (any status it answers)" }),
      ApiResponse({
        status: 400,
        description: 'A path that tries to leave the service (. or .. segments, encoded slashes, odd characters)',
        ...PROBLEM,
      }),
      ApiResponse({ status: 401, description: 'SESSION_REQUIRED: no live console session', ...PROBLEM }),
      ApiResponse({
        status: 403,
        description: 'CSRF_TOKEN_INVALID, PASSWORD_CHANGE_REQUIRED or TOTP_ENROLMENT_REQUIRED (or the service refused the caller)',
        ...PROBLEM,
      }),
      ApiResponse({ status: 404, description: 'ROUTE_NOT_FOUND: no such service (or the service has no such thing)', ...PROBLEM }),
      ApiResponse({ status: 502, description: 'UPSTREAM_UNAVAILABLE: the service does not answer', ...PROBLEM }),
    ];
    for (const decorate of decorators) decorate(target, key, descriptor);
  };
}

@ApiTags('gateway')
@Controller('api/:service')
export class GatewayController {}

// One documented handler per forwarded method; each its own function, as Nest keeps route metadata on the function.
for (const [method, route] of [
  ['get', Get],
  ['post', Post],
  ['put', Put],
  ['patch', Patch],
  ['delete', Delete],
] as const) {
  const handler = function (): never {
    throw new Error('GatewayMiddleware answers /api requests before routing');
  };
  Object.defineProperty(GatewayController.prototype, method, { value: handler, writable: true, configurable: true });
  const descriptor = Object.getOwnPropertyDescriptor(GatewayController.prototype, method) as PropertyDescriptor;
  route('*path')(GatewayController.prototype, method, descriptor);
  Forwarded()(GatewayController.prototype, method, descriptor);
}
