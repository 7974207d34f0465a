/**
 * Limits anonymous public endpoints per client IP (PUBLIC_RATE_LIMIT_PER_MINUTE),
 * one window per bucket: submitting (leads, evidence) and following up
 * (status, supplements). Over the limit: 429 problem details with Retry-After.
 */
import { applyDecorators, CanActivate, ExecutionContext, HttpException, HttpStatus, Inject, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Clock } from '@jm/event-sourcing';
import { ApiProblems, CLOCK, SERVICE_CONFIG, ServiceConfig } from '@jm/platform';
import { SlidingWindowRateLimiter } from './rate-limiter';

export type RateBucket = 'submit' | 'follow-up';
const RATE_BUCKET = 'intake:rate-bucket';
/** The route's bucket; the route then declares 429 in the OpenAPI document. */
export const RateLimited = (bucket: RateBucket): MethodDecorator => applyDecorators(SetMetadata(RATE_BUCKET, bucket), ApiProblems(429));

@Injectable()
export class PublicRateLimiter {
  readonly limiter: SlidingWindowRateLimiter;
  constructor(@Inject(SERVICE_CONFIG) config: ServiceConfig, @Inject(CLOCK) clock: Clock) {
    this.limiter = new SlidingWindowRateLimiter(config.domain.publicRateLimitPerMinute, 60_000, clock);
  }
}

interface LimitedRequest {
  ip?: string;
  socket?: { remoteAddress?: string };
}

@Injectable()
export class PublicRateLimitGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly limits: PublicRateLimiter,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const bucket = this.reflector.get<RateBucket | undefined>(RATE_BUCKET, context.getHandler()) ?? 'submit';
    const http = context.switchToHttp();
    const request = http.getRequest<LimitedRequest>();
    const client = request.ip ?? request.socket?.remoteAddress ?? 'unknown';
    const decision = this.limits.limiter.take(`${bucket}:${client}`);
    if (decision.allowed) return true;
    http.getResponse<{ setHeader(name: string, value: string): void }>().setHeader('Retry-After', String(decision.retryAfterSeconds));
    throw new HttpException(
      {
        code: 'RATE_LIMITED',
        message: `too many requests from this client: at most ${this.limits.limiter.limit} per minute; try again in ${decision.retryAfterSeconds} s`,
      },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}
