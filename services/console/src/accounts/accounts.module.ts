/**
 * Accounts and sign-in: the account, agency-security and sign-in-log streams, credentials, the /auth and /admin
 * APIs, first start, and the SessionPort (SESSION_PORT) the gateway and OpenID Connect sign-in inject: global, so
 * their modules need not import this one.
 */
import { Global, Module } from '@nestjs/common';
import { commandHandlerProvider } from '@jm/platform';
import { SessionModule } from '../session/session.module';
import { SESSION_PORT } from '../session/session.port';
import { accountDecider } from './account/account.decider';
import { ACCOUNT_SCHEMA_VERSIONS } from './account/account.events';
import { ACCOUNT_HANDLER, AccountBook, AGENCY_SECURITY_HANDLER, SIGN_IN_LOG_HANDLER } from './account-book';
import { AdminController } from './admin.controller';
import { AdminService } from './admin.service';
import { agencySecurityDecider, AGENCY_SECURITY_SCHEMA_VERSIONS } from './agency-security/agency-security.decider';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { ConsoleSessions } from './console-sessions';
import { CredentialStore } from './credentials/credential-store';
import { FirstStart } from './first-start';
import { signInLogDecider, SIGN_IN_LOG_SCHEMA_VERSIONS } from './sign-in-log/sign-in-log.decider';

@Global()
@Module({
  imports: [SessionModule],
  controllers: [AuthController, AdminController],
  providers: [
    commandHandlerProvider(ACCOUNT_HANDLER, accountDecider, ACCOUNT_SCHEMA_VERSIONS),
    commandHandlerProvider(AGENCY_SECURITY_HANDLER, agencySecurityDecider, AGENCY_SECURITY_SCHEMA_VERSIONS),
    commandHandlerProvider(SIGN_IN_LOG_HANDLER, signInLogDecider, SIGN_IN_LOG_SCHEMA_VERSIONS),
    AccountBook,
    CredentialStore,
    AuthService,
    AdminService,
    ConsoleSessions,
    FirstStart,
    { provide: SESSION_PORT, useExisting: ConsoleSessions },
  ],
  exports: [SESSION_PORT, SessionModule],
})
export class AccountsModule {}
