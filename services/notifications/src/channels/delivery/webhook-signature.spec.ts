/** The documented signature scheme, checked against an HMAC computed here by hand, and the receiver's checks. */
import { createHmac } from 'node:crypto';
import { signWebhook, verifyWebhook } from './webhook-signature';

const secret = 'a-test-signing-secret-of-32-chars!!';
const body = '{"messageId":"m-1","subject":"【逾期通知】案件 C1 已逾期"}';

describe('webhook signature', () => {
  it('is v1= and the hex HMAC-SHA256 of "<timestamp>.<body>" (UTF-8)', () => {
    const expected = createHmac('sha256', secret)
      .update(Buffer.from(`1772413200.${body}`, 'utf8'))
      .digest('hex');
    expect(signWebhook(secret, 1772413200, body)).toBe(`v1=${expected}`);
  });

  it('verifies what was signed, and refuses another body, another secret or an old timestamp', () => {
    const signature = signWebhook(secret, 1772413200, body);
    expect(verifyWebhook(secret, { timestamp: '1772413200', signature }, Buffer.from(body), 1772413260)).toBe(true);
    expect(verifyWebhook(secret, { timestamp: '1772413200', signature }, body.replace('C1', 'C2'), 1772413260)).toBe(false);
    expect(verifyWebhook(`${secret}x`, { timestamp: '1772413200', signature }, body, 1772413260)).toBe(false);
    expect(verifyWebhook(secret, { timestamp: '1772413200', signature }, body, 1772413200 + 301)).toBe(false);
    expect(verifyWebhook(secret, { timestamp: '1772413201', signature }, body, 1772413260)).toBe(false);
  });
});
