/**
 * Sign-in attempts per client address: at most `perMinute` in each minute (a fixed one-minute window per address,
 * in memory, per instance), so one address cannot spray passwords across many accounts.
 */
import type { Clock } from '@jm/event-sourcing';

export class ClientSignInLimit {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly perMinute: number,
    private readonly clock: Clock,
  ) {}

  /** Seconds to wait, or 0 when the attempt may go ahead (then it is counted). */
  take(client: string): number {
    const now = this.clock.now().getTime();
    if (this.windows.size > 10_000) for (const [key, w] of this.windows) if (now - w.start >= 60_000) this.windows.delete(key);
    const window = this.windows.get(client);
    if (!window || now - window.start >= 60_000) {
      this.windows.set(client, { start: now, count: 1 });
      return 0;
    }
    if (window.count >= this.perMinute) return Math.max(1, Math.ceil((window.start + 60_000 - now) / 1000));
    window.count++;
    return 0;
  }
}
