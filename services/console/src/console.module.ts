/**
 * The console (a backend for the web app, port 3000) owns sign-in: accounts, credentials, sessions, TOTP, the
 * admin API and first start (accounts/, session/). Streams: account-…, agency-security-…, sign-in-….
 * Config, logging, the event store, the bus, the clock, /health and /ready come from ServiceCoreModule in
 * @jm/platform. Its own routes (/auth, /admin) authenticate by session cookie, never by bearer token.
 */
import { Module } from '@nestjs/common';
import { AccountsModule } from './accounts/accounts.module';
import { loadGatewayConfig } from './gateway/gateway.config';
import { GatewayModule } from './gateway/gateway.module';
import { OidcModule } from './oidc/oidc.module';
import { WebAppModule } from './web-app/web-app.module';

/**
 * AccountsModule provides SESSION_PORT globally; the gateway (/api/<service> forwarding) and OpenID Connect
 * sign-in use it. The web app comes last: it answers only what no route of the console took.
 */
@Module({
  imports: [
    AccountsModule,
    GatewayModule.forRoot({
      // The services' URLs from the environment; the signing secret as the platform validated it for this app.
      config: (service) => loadGatewayConfig({ ...process.env, JWT_SECRET: service.security.jwtSecret }),
    }),
    OidcModule,
    WebAppModule.forRoot(),
  ],
})
export class ConsoleModule {}
