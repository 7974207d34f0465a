/**
 * The channels that leave the service: email over SMTP (nodemailer) and
 * signed webhooks (node:http/https). Each carries the stable message id, so a
 * repeat after a crash between sending and recording can be dropped by the
 * receiver: email as its Message-ID (<messageId@sender domain>) and
 * X-JM-Message-Id, a webhook as X-JM-Message-Id and `messageId` in the body.
 * A webhook goes only to an address WebhookTargets allowed, and connects to
 * exactly that address (no second DNS answer). A send resolves with what the
 * receiver answered and throws on anything but success. With tracing on, a
 * webhook call is a CLIENT span whose traceparent goes in its headers
 * (traceHttpCall, docs/operations/tracing.md).
 */
import { request as httpRequest } from 'node:http';
import type { OutgoingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupAddress } from 'node:dns';
import { createTransport } from 'nodemailer';
import type { Context } from '@opentelemetry/api';
import type { NotificationRequestedData } from '@jm/contracts';
import { traceHttpCall } from '@jm/platform';
import type { Lang } from '@jm/reference';
import { renderMessage } from '../notice/notice.templates';
import { ATTEMPT_HEADER, MESSAGE_ID_HEADER, signWebhook, SIGNATURE_HEADER, TIMESTAMP_HEADER } from './webhook-signature';
import { pinnedLookup, RecordableDeliveryError, WebhookTargets } from './webhook-targets';

/** A webhook call that takes longer than this is a failed attempt (and retried). */
export const WEBHOOK_TIMEOUT_MS = 10_000;
/** SMTP timeouts well below nodemailer's defaults (2 min to connect, 10 min idle), so a hung server fails an attempt instead of holding it. */
const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

export interface Outgoing {
  request: NotificationRequestedData;
  attempt: number;
  now: Date;
  /** Aborted when the service stops: the attempt fails and is retried after the restart. */
  signal?: AbortSignal;
  /** The trace the call belongs to (the message's request); default the active context. */
  trace?: Context;
}

export type EmailSender = (to: string[], outgoing: Outgoing) => Promise<string>;

export function createEmailSender(smtpUrl: string, from: string): EmailSender & { close(): void } {
  const transport = createTransport({ url: smtpUrl, ...SMTP_TIMEOUTS }, { from });
  const domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'jm.local';
  const send = async (to: string[], { request }: Outgoing): Promise<string> => {
    const text = renderMessage(request.template, request.params, request.locale, request.messageId);
    const info = await transport.sendMail({
      to,
      subject: text.subject,
      text: text.body,
      messageId: `<${request.messageId}@${domain}>`,
      headers: { 'X-JM-Message-Id': request.messageId, 'Content-Language': request.locale },
    });
    return String(info.response ?? 'accepted');
  };
  return Object.assign(send, { close: () => transport.close() });
}

/** The JSON a webhook receives (the body that is signed). */
export function webhookBody(request: NotificationRequestedData, lang: Lang = request.locale): string {
  const text = renderMessage(request.template, request.params, lang, request.messageId);
  return JSON.stringify({
    messageId: request.messageId,
    recipient: request.recipient,
    template: request.template,
    locale: lang,
    subject: text.subject,
    body: text.body,
    params: request.params,
    source: request.source,
    requestedAt: request.requestedAt,
  });
}

export async function sendWebhook(
  target: { url: string; secret: string },
  { request, attempt, now, signal, trace }: Outgoing,
  targets: WebhookTargets,
): Promise<string> {
  const url = new URL(target.url);
  const address = await targets.pin(url);
  const body = webhookBody(request);
  const timestamp = Math.floor(now.getTime() / 1000);
  const status = await traceHttpCall(
    { method: 'POST', url, target: 'webhook', parent: trace },
    (traceHeaders) =>
      post(
        url,
        address,
        {
          ...traceHeaders,
          'content-type': 'application/json; charset=utf-8',
          'user-agent': 'jm-notifications/1',
          [MESSAGE_ID_HEADER]: request.messageId,
          [TIMESTAMP_HEADER]: String(timestamp),
          [SIGNATURE_HEADER]: signWebhook(target.secret, timestamp, body),
          [ATTEMPT_HEADER]: String(attempt),
        },
        body,
        signal ? AbortSignal.any([signal, AbortSignal.timeout(WEBHOOK_TIMEOUT_MS)]) : AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
      ),
    (answered) => answered,
  );
  if (status < 200 || status > 299) throw new RecordableDeliveryError(`HTTP ${status} from ${url.host}`);
  return `HTTP ${status}`;
}

/**
 * One POST to the pinned address (TLS still checks the certificate against
 * the URL's host name). A fresh agent per call, so no pooled connection made
 * for an earlier answer is reused; redirects are not followed; the answer's
 * body is read and dropped, which frees the connection.
 */
function post(url: URL, address: LookupAddress, headers: OutgoingHttpHeaders, body: string, signal: AbortSignal): Promise<number> {
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<number>((resolve, reject) => {
    const req = send(
      url,
      { method: 'POST', headers: { ...headers, 'content-length': Buffer.byteLength(body) }, agent: false, lookup: pinnedLookup(address), signal },
      (res) => {
        res.on('error', reject);
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.resume();
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
