/**
 * The webhook signature (docs/notification-channels.md, "Verifying a webhook"):
 *   X-JM-Timestamp: <unix seconds>
 *   X-JM-Signature: v1=<lowercase hex of HMAC-SHA256(secret, "<timestamp>.<raw body>")>
 * A receiver recomputes it over the raw body bytes it got, compares in
 * constant time and refuses timestamps too far from its own clock (replays).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-jm-signature';
export const TIMESTAMP_HEADER = 'x-jm-timestamp';
export const MESSAGE_ID_HEADER = 'x-jm-message-id';
export const ATTEMPT_HEADER = 'x-jm-attempt';
export const SIGNATURE_VERSION = 'v1';

export function signWebhook(secret: string, timestamp: number, body: string | Buffer): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
  return `${SIGNATURE_VERSION}=${mac}`;
}

/** What a receiver does: true when the signature matches and the timestamp is within toleranceSeconds of now. */
export function verifyWebhook(
  secret: string,
  headers: { timestamp?: string; signature?: string },
  body: string | Buffer,
  nowSeconds: number,
  toleranceSeconds = 300,
): boolean {
  const timestamp = Number(headers.timestamp);
  if (!Number.isInteger(timestamp) || Math.abs(nowSeconds - timestamp) > toleranceSeconds || !headers.signature) return false;
  const expected = Buffer.from(signWebhook(secret, timestamp, body));
  const given = Buffer.from(headers.signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
