/**
 * Readiness: named checks (event store, bus, and whatever a domain module adds)
 * run on each GET /ready. Each check gets a time limit so a hung dependency
 * makes /ready answer 503 instead of hanging the probe.
 */
import { Injectable } from '@nestjs/common';

export type ReadinessCheck = () => Promise<void>;

export type CheckResult = { status: 'up' } | { status: 'down'; error: string };

export interface ReadinessReport {
  ready: boolean;
  /** True once shutdown started: the instance wants no new traffic. */
  draining: boolean;
  failed: string[];
  checks: Record<string, CheckResult>;
}

export const DEFAULT_CHECK_TIMEOUT_MS = 3000;

@Injectable()
export class ReadinessRegistry {
  private readonly checks = new Map<string, ReadinessCheck>();
  private draining = false;

  register(name: string, check: ReadinessCheck): void {
    if (this.checks.has(name)) throw new Error(`readiness check "${name}" is already registered`);
    this.checks.set(name, check);
  }

  markDraining(): void {
    this.draining = true;
  }

  async evaluate(timeoutMs = DEFAULT_CHECK_TIMEOUT_MS): Promise<ReadinessReport> {
    const entries = await Promise.all(
      [...this.checks].map(async ([name, check]): Promise<[string, CheckResult]> => [name, await runCheck(check, timeoutMs)]),
    );
    const checks = Object.fromEntries(entries);
    const failed = entries.filter(([, result]) => result.status === 'down').map(([name]) => name);
    if (this.draining) failed.push('shutdown');
    return { ready: failed.length === 0, draining: this.draining, failed, checks };
  }
}

async function runCheck(check: ReadinessCheck, timeoutMs: number): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([check(), timeout]);
    return { status: 'up' };
  } catch (error) {
    return { status: 'down', error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}
