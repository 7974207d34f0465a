/**
 * Reporting's bus handlers for the ledgers: every event type the projections
 * read, written through the consumer's transaction (ctx.manager, with the
 * dedup row and the checkpoint; once per transaction, by a LedgerWriteBuffer)
 * and through the projection gate, so a rebuild can swap the tables between
 * two transactions.
 */
import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { StoredEvent } from '@jm/event-sourcing';
import type { EventBusContext } from '@jm/platform';
import { LEDGER_EVENT_TYPES, LedgerWriteBuffer } from './ledger.projector';
import { ProjectionGate } from './projection-gate';
import { RISK_LEDGER_LISTENER, RiskLedgerListener } from './risk-ledger-listener';

/** Every type the ledgers, the facts and the access log read (each projection declares its own). */
export const PROJECTED_EVENT_TYPES: readonly string[] = LEDGER_EVENT_TYPES;

@Controller()
export class LedgersBusController {
  constructor(
    private readonly gate: ProjectionGate,
    @Inject(RISK_LEDGER_LISTENER) private readonly riskLedger: RiskLedgerListener,
  ) {}

  @EventPattern(PROJECTED_EVENT_TYPES)
  async project(@Payload() event: StoredEvent, @Ctx() ctx: EventBusContext): Promise<void> {
    const buffer = this.bufferOf(ctx);
    await this.gate.pass(() => buffer.apply(event), ctx.manager);
  }

  /** One buffer per consumer transaction, written once before it commits (a run of events costs a few statements, not a few per event). */
  private bufferOf(ctx: EventBusContext): LedgerWriteBuffer {
    const memo = ctx.transaction.memo;
    let buffer = memo.get(LedgerWriteBuffer) as LedgerWriteBuffer | undefined;
    if (!buffer) {
      const created = new LedgerWriteBuffer(ctx.manager, this.riskLedger, ctx.transaction.events);
      buffer = created;
      memo.set(LedgerWriteBuffer, created);
      ctx.transaction.beforeCommit(() => this.gate.pass(() => created.flush(), ctx.manager));
    }
    return buffer;
  }
}
