/**
 * A sliding-window rate limiter in memory: at most `limit` hits per key in any
 * window of `windowMs`. Per process (each instance limits on its own), which
 * is what a first line against floods from one client needs; a shared limit
 * would sit in front of the service.
 */
import type { Clock } from '@jm/event-sourcing';

export interface RateDecision {
  allowed: boolean;
  /** Seconds until the next hit would be allowed (0 when allowed). */
  retryAfterSeconds: number;
}

export class SlidingWindowRateLimiter {
  private readonly hits = new Map<string, number[]>();
  private lastSweep = 0;

  constructor(
    readonly limit: number,
    private readonly windowMs: number,
    private readonly clock: Clock,
  ) {}

  take(key: string): RateDecision {
    const now = this.clock.now().getTime();
    this.sweep(now);
    const recent = (this.hits.get(key) ?? []).filter((t) => t > now - this.windowMs);
    if (recent.length >= this.limit) {
      this.hits.set(key, recent);
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((recent[0] + this.windowMs - now) / 1000)) };
    }
    recent.push(now);
    this.hits.set(key, recent);
    return { allowed: true, retryAfterSeconds: 0 };
  }

  /** Forgets clients that have been quiet for a window, so memory stays bounded by recent clients. */
  private sweep(now: number): void {
    if (now - this.lastSweep < this.windowMs) return;
    this.lastSweep = now;
    for (const [key, times] of this.hits) if (times[times.length - 1] <= now - this.windowMs) this.hits.delete(key);
  }
}
