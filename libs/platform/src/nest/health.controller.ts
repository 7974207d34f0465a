/** Liveness (/health: the process answers) and readiness (/ready: its dependencies answer). */
import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { Public } from '../security/auth.guard';
import { ReadinessRegistry } from './readiness';
import type { CheckResult } from './readiness';

/** The part of the platform response this controller touches (express types are not installed). */
interface StatusResponse {
  status(code: number): unknown;
}

export interface ReadyBody {
  status: 'ready' | 'not-ready';
  failed?: string[];
  checks: Record<string, CheckResult>;
}

@Public()
@Controller()
export class HealthController {
  constructor(private readonly readiness: ReadinessRegistry) {}

  @Get('health')
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready(@Res({ passthrough: true }) res: StatusResponse): Promise<ReadyBody> {
    const report = await this.readiness.evaluate();
    if (report.ready) {
      res.status(HttpStatus.OK);
      return { status: 'ready', checks: report.checks };
    }
    res.status(HttpStatus.SERVICE_UNAVAILABLE);
    return { status: 'not-ready', failed: report.failed, checks: report.checks };
  }
}
