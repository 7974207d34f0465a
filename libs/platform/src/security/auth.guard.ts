/**
 * Global guard: every HTTP route needs a valid bearer token unless marked
 * @Public(). The verified principal is put on the request for
 * @CurrentPrincipal(). Role and agency rules live in the domain, not here.
 */
import { CanActivate, createParamDecorator, ExecutionContext, Inject, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { ServiceConfig } from '../config/service-config';
import { SERVICE_CONFIG } from '../nest/tokens';
import { AgencyRegistry } from '@jm/reference';
import { UnauthenticatedError } from '@jm/event-sourcing';
import { TokenError, verifyToken } from './jwt';
import { Principal, principalFromClaims } from './principal';
import { AGENCY_REGISTRY, CLOCK } from './tokens';
import { FEDERATION, Federation } from '../federation/federation';
import type { Clock } from '@jm/event-sourcing';

const IS_PUBLIC = 'jm:public';

/** The route needs no token (health probes, anonymous public submissions). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

interface AuthRequest {
  headers: Record<string, string | string[] | undefined>;
  principal?: Principal;
}

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    @Inject(AGENCY_REGISTRY) private readonly registry: AgencyRegistry,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(FEDERATION) private readonly federation: Federation,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<AuthRequest>();
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    const header = request.headers.authorization;
    if (isPublic) {
      // A public route still knows an agency caller when one sends a valid token.
      if (typeof header === 'string' && header.startsWith('Bearer ')) request.principal = this.authenticate(header);
      return true;
    }
    if (typeof header !== 'string' || header.length === 0)
      throw new UnauthenticatedError('this endpoint needs an "Authorization: Bearer <token>" header');
    request.principal = this.authenticate(header);
    return true;
  }

  private authenticate(header: string): Principal {
    const match = /^Bearer\s+(\S+)$/.exec(header);
    if (!match) throw new UnauthenticatedError('the Authorization header must be "Bearer <token>"');
    let principal: Principal;
    try {
      principal = principalFromClaims(
        verifyToken(
          match[1],
          [this.config.security.jwtSecret, ...this.config.security.jwtPreviousSecrets],
          this.clock.now(),
          this.config.security.tokenMaxLifetimeHours,
        ),
        this.registry,
      );
    } catch (error) {
      if (error instanceof TokenError) throw new UnauthenticatedError(error.message);
      throw error;
    }
    // A deployment answers only the agencies it serves (403 naming the one that does).
    this.federation.assertServes(principal.agency);
    return principal;
  }
}

/** The authenticated caller; on a @Public() route, undefined for anonymous callers. */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal | undefined => {
  return context.switchToHttp().getRequest<AuthRequest>().principal;
});
