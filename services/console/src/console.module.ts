/**
 * The console (a backend for the web app, port 3000) owns sign-in: accounts, credentials, sessions, TOTP, the
 * admin API and first start (accounts/, session/). Streams: account-…, agency-security-…, sign-in-….
 * Config, logging, the event store, the bus, the clock, /health and /ready come from ServiceCoreModule in
 * @jm/platform. Its own routes (/auth, /admin) authenticate by session cookie, never by bearer token.
 */
import { Module } from '@nestjs/common';
import { AccountsModule } from './accounts/accounts.module';
// The console's other parts import here as they land (written by other helpers, each in its own folder):
// GatewayModule from './gateway/gateway.module' (/api/<service> forwarding), WebAppModule from
// './web-app/web-app.module' (the built web app) and OidcModule from './oidc/oidc.module' (OpenID Connect sign-in).

@Module({
  imports: [AccountsModule /* , GatewayModule, OidcModule, WebAppModule */],
})
export class ConsoleModule {}
