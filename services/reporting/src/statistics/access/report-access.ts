/**
 * Every ledger query, statistics table and export is a read of reporting data
 * and is recorded (RecordAccessed on access-report-<ledger-or-table>), granted
 * or refused. AccessLog appends with expected version 'any', so concurrent
 * readers of one ledger do not conflict.
 */
import { Injectable } from '@nestjs/common';
import { DomainActor } from '@jm/contracts';
import { ForbiddenError } from '@jm/event-sourcing';
import { AccessLog } from '@jm/platform';
import { scopeOf } from './report-scope';

export const REPORT_RESOURCE = 'report';

@Injectable()
export class ReportAccess {
  constructor(private readonly log: AccessLog) {}

  /** Checks the reader may read reports at all (403 otherwise, recorded as refused) and records the read. */
  async check(actor: DomainActor, resourceId: string, fields: string[], purpose?: string): Promise<void> {
    try {
      scopeOf(actor);
    } catch (error) {
      if (error instanceof ForbiddenError)
        await this.log.record(actor, { resourceType: REPORT_RESOURCE, resourceId, fields, purpose, granted: false });
      throw error;
    }
    await this.log.record(actor, { resourceType: REPORT_RESOURCE, resourceId, fields, purpose, granted: true });
  }
}
