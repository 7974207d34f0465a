/** The sliding window: a full window refuses with the wait, and frees up as hits age out. */
import { ManualClock } from '@jm/event-sourcing';
import { SlidingWindowRateLimiter } from './rate-limiter';

describe('SlidingWindowRateLimiter', () => {
  it('allows limit hits per window and key, then says how long to wait', () => {
    const clock = new ManualClock(new Date('2026-03-02T01:00:00.000Z'));
    const limiter = new SlidingWindowRateLimiter(2, 60_000, clock);
    expect(limiter.take('a').allowed).toBe(true);
    clock.advance(20_000);
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 40 });
    expect(limiter.take('b').allowed).toBe(true);
    clock.advance(40_000);
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 20 });
  });
});
