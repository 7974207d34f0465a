/**
 * The transient state of one sign-in (state, nonce, PKCE code verifier, return path)
 * between /auth/oidc/start and the callback. It travels in an httpOnly SameSite=Lax
 * cookie (Lax: the callback is a top-level cross-site GET from the provider), sealed
 * with AES-256-GCM so it can be neither read nor forged, and it is single use: the
 * callback clears the cookie and remembers the state until it would have expired.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { stateInvalid } from './oidc.errors';

export const STATE_COOKIE = 'jm_oidc_state';
/** Only the callback needs it. */
export const STATE_COOKIE_PATH = '/auth/oidc';
export const STATE_TTL_SECONDS = 600;

export interface SignInState {
  /** The OAuth `state` parameter; the callback's must equal it. */
  state: string;
  nonce: string;
  codeVerifier: string;
  returnTo: string;
  /** Epoch seconds. */
  expiresAt: number;
}

const AAD = Buffer.from(STATE_COOKIE);
const random = (): string => randomBytes(32).toString('base64url');

export function newSignInState(returnTo: string, now: Date): SignInState {
  return { state: random(), nonce: random(), codeVerifier: random(), returnTo, expiresAt: Math.floor(now.getTime() / 1000) + STATE_TTL_SECONDS };
}

/** The S256 code challenge of a verifier (RFC 7636). */
export function codeChallenge(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

export function sealState(state: SignInState, key: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(AAD);
  const body = Buffer.concat([cipher.update(JSON.stringify(state), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
}

/** The state a cookie seals, if it is ours, intact and not expired; OIDC_STATE_INVALID otherwise. */
export function openState(cookie: string | undefined, key: Buffer, now: Date): SignInState {
  if (!cookie) throw stateInvalid('no sign-in state cookie: the sign-in was not started here, took too long, or was already completed');
  const raw = Buffer.from(cookie, 'base64url');
  if (raw.length < 12 + 16 + 2) throw stateInvalid('the sign-in state cookie is malformed');
  let state: SignInState;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12)).setAAD(AAD);
    decipher.setAuthTag(raw.subarray(raw.length - 16));
    state = JSON.parse(Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]).toString('utf8')) as SignInState;
  } catch {
    throw stateInvalid('the sign-in state cookie was altered or sealed with another key');
  }
  if (!(state.expiresAt * 1000 > now.getTime())) throw stateInvalid('the sign-in took longer than allowed; start again');
  return state;
}

/**
 * States already used in this process, kept until they would have expired, so a
 * replayed callback (the same cookie and state again) is refused before the code is
 * sent anywhere. Across instances the provider still refuses a code used twice.
 */
export class UsedStates {
  private readonly used = new Map<string, number>();

  /** True the first time a state is presented, false on every replay. */
  consume(state: SignInState, now: Date): boolean {
    const nowSeconds = now.getTime() / 1000;
    for (const [id, expiresAt] of this.used) if (expiresAt <= nowSeconds) this.used.delete(id);
    if (this.used.has(state.state)) return false;
    this.used.set(state.state, state.expiresAt);
    return true;
  }
}
