/** Time comes from an injectable clock, so tests can move it; the domain never reads the system time. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock tests set and move. */
export class ManualClock implements Clock {
  constructor(private current: Date = new Date('2026-03-02T01:00:00.000Z')) {}
  now(): Date {
    return new Date(this.current.getTime());
  }
  set(time: Date | string): void {
    this.current = new Date(time);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}
