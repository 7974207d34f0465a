/** What the console relay publishes: each stream through its publication function (no secret is in any event). */
import { servicePublication } from '@jm/bus';
import { ACCOUNT_STREAM_PREFIX, AGENCY_SECURITY_STREAM_PREFIX, SIGN_IN_LOG_STREAM_PREFIX } from '@jm/contracts';
import { publishAccountEvent } from './accounts/account/account.publication';
import { publishAgencySecurityEvent } from './accounts/agency-security/agency-security.publication';
import { publishSignInLogEvent } from './accounts/sign-in-log/sign-in-log.publication';

export const CONSOLE_PUBLISHED_STREAMS = [
  [ACCOUNT_STREAM_PREFIX, publishAccountEvent],
  [AGENCY_SECURITY_STREAM_PREFIX, publishAgencySecurityEvent],
  [SIGN_IN_LOG_STREAM_PREFIX, publishSignInLogEvent],
] as const;

export const CONSOLE_PUBLICATION = servicePublication(CONSOLE_PUBLISHED_STREAMS);
