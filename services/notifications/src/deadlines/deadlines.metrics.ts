/**
 * The deadline engine's gauges, read from the deadlines read model at each
 * scrape (docs/operations/metrics.md): clocks by status, clocks due (the
 * scheduler has something to record and has not yet: a stuck engine shows
 * here), clocks past their deadline and still open, obligations by status.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { Clock } from '@jm/event-sourcing';
import { CLOCK, InjectReadModel, ServiceMetrics } from '@jm/platform';
import { DataSource, IsNull, LessThanOrEqual, Not } from 'typeorm';
import { ClockEntity, ObligationEntity } from './deadlines.read-model';

@Injectable()
export class DeadlinesMetrics {
  constructor(metrics: ServiceMetrics, @InjectReadModel() db: DataSource, @Inject(CLOCK) clock: Clock) {
    const byStatus = async (entity: typeof ClockEntity | typeof ObligationEntity) => {
      const rows = await db
        .getRepository(entity)
        .createQueryBuilder('row')
        .select('row.status', 'status')
        .addSelect('COUNT(*)', 'count')
        .groupBy('row.status')
        .getRawMany<{ status: string; count: string | number }>();
      return rows.map(({ status, count }) => ({ labels: { status }, value: Number(count) }));
    };
    const clocks = db.getRepository(ClockEntity);
    metrics.gauge('jm_deadline_clocks', 'Deadline clocks by status (running, paused, stopped)', ['status'], () => byStatus(ClockEntity));
    metrics.gauge('jm_deadline_due_clocks', 'Clocks with a reminder, miss or escalation due now and not recorded yet', [], async () => [
      { value: await clocks.count({ where: { nextFireAt: LessThanOrEqual(clock.now().toISOString()) } }) },
    ]);
    metrics.gauge('jm_deadline_missed_clocks', 'Clocks past their deadline (missed) and not stopped yet', [], async () => [
      { value: await clocks.count({ where: { missedAt: Not(IsNull()), status: Not('stopped') } }) },
    ]);
    metrics.gauge('jm_deadline_obligations', 'Periodic obligations by status (due, submitted, late, missing)', ['status'], () =>
      byStatus(ObligationEntity),
    );
  }
}
