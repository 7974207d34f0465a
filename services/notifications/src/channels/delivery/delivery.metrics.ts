/**
 * The channels' metrics (docs/operations/metrics.md): failed delivery attempts
 * by channel, counted by the dispatcher; the outbox read at each scrape: rows
 * waiting to be sent (pending or failed and due again) and dead letters (no
 * attempt left, until an operator replays them), by channel.
 */
import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { InjectReadModel, ServiceMetrics } from '@jm/platform';
import { DataSource } from 'typeorm';
import { OutboxEntity, OutboxStatus } from '../channels.entities';

@Injectable()
export class DeliveryMetrics {
  private readonly failures: Counter<'channel'>;

  constructor(metrics: ServiceMetrics, @InjectReadModel() db: DataSource) {
    this.failures = new Counter({
      name: 'jm_notification_delivery_failures_total',
      help: 'Delivery attempts that failed (the last one dead-letters the message on that target), by channel',
      labelNames: ['channel'],
      registers: [metrics.registry],
    });
    const byChannel = async (statuses: OutboxStatus[]) => {
      const rows = await db
        .getRepository(OutboxEntity)
        .createQueryBuilder('row')
        .select('row.channel', 'channel')
        .addSelect('COUNT(*)', 'count')
        .where('row.status IN (:...statuses)', { statuses })
        .groupBy('row.channel')
        .getRawMany<{ channel: string; count: string | number }>();
      return rows.map(({ channel, count }) => ({ labels: { channel }, value: Number(count) }));
    };
    metrics.gauge(
      'jm_notification_outbox_depth',
      'Outbox rows waiting to be sent (pending, or failed and to be tried again), by channel',
      ['channel'],
      () => byChannel(['pending', 'failed']),
    );
    metrics.gauge(
      'jm_notification_dead_letter_messages',
      'Messages dead-lettered on a target (no attempt left) and not replayed, by channel',
      ['channel'],
      () => byChannel(['dead']),
    );
  }

  failed(channel: string): void {
    this.failures.inc({ channel });
  }
}
