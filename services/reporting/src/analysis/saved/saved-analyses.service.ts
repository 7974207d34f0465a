/**
 * Saved analyses (docs/analysis.md): each analyst's own named queries on
 * `analysis-<id>` streams. Writes go through the decider; one analysis is read
 * from its stream, the caller's list from saved_analysis (the projection of
 * those streams, so a save shows in the list once reporting has consumed it).
 * Another user's analysis is 404, exactly like one that does not exist.
 */
import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { IsNull } from 'typeorm';
import type { DataSource } from 'typeorm';
import { toAnalysisStreamId } from '@jm/contracts';
import { CommandHandler, NotFoundError } from '@jm/event-sourcing';
import { CLOCK, CommandAccepted, commandAccepted, commandFromRequest, CommandRequest, invalidFields, READ_MODEL_TOKEN } from '@jm/platform';
import type { Clock } from '@jm/event-sourcing';
import type { DomainActor } from '@jm/contracts';
import { scopeOf } from '../../statistics/access/report-scope';
import { SavedAnalysisEntity, SavedAnalysisRow } from '../../read-model/saved-analysis.table';
import { AnalysisQuery, analysisQueryErrors, normaliseAnalysisQuery, NormalisedQuery } from '../analysis-query';
import { SavedAnalysisCommand, SavedAnalysisEvent, SavedAnalysisState } from './saved-analysis.decider';

export const SAVED_ANALYSIS_COMMANDS = Symbol('SAVED_ANALYSIS_COMMANDS');

export interface SavedAnalysisView {
  id: string;
  name: string;
  query: NormalisedQuery;
  savedAt: string;
  changedAt: string;
}

export type SavedAnalysisAnswer = SavedAnalysisView & CommandAccepted;

@Injectable()
export class SavedAnalyses {
  constructor(
    @Inject(SAVED_ANALYSIS_COMMANDS) private readonly commands: CommandHandler<SavedAnalysisCommand, SavedAnalysisState, SavedAnalysisEvent>,
    @Inject(READ_MODEL_TOKEN) private readonly db: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async save(request: CommandRequest, name: string, query: AnalysisQuery): Promise<SavedAnalysisAnswer> {
    const { principal, metadata } = this.command(request);
    const id = randomUUID();
    const command: SavedAnalysisCommand = { kind: 'SaveAnalysis', analysisId: id, name, query: checked(query), actor: principal, at: metadata.time };
    return this.handle(id, command, metadata, { newStream: true });
  }

  async change(request: CommandRequest, id: string, change: { name?: string; query?: AnalysisQuery }): Promise<SavedAnalysisAnswer> {
    const { principal, metadata } = this.command(request);
    // The DTO lets null through optional fields.
    const nulls = (['name', 'query'] as const).filter((key) => change[key] === null);
    if (nulls.length) throw invalidFields(nulls.map((field) => ({ field, messages: [`not null: omit it to keep the ${field}, or give a new one`] })));
    const command: SavedAnalysisCommand = {
      kind: 'ChangeAnalysis',
      analysisId: id,
      ...(change.name !== undefined ? { name: change.name } : {}),
      ...(change.query !== undefined ? { query: checked(change.query) } : {}),
      actor: principal,
      at: metadata.time,
    };
    return this.handle(id, command, metadata);
  }

  async remove(request: CommandRequest, id: string): Promise<void> {
    const { principal, metadata } = this.command(request);
    await this.commands.handle(toAnalysisStreamId(id), { kind: 'DeleteAnalysis', analysisId: id, actor: principal, at: metadata.time }, metadata);
  }

  async get(actor: DomainActor, id: string): Promise<SavedAnalysisView & { version: number }> {
    scopeOf(actor);
    const { state, version } = await this.commands.load(toAnalysisStreamId(id));
    if (state.status !== 'saved' || state.owner.agency !== actor.agency || state.owner.user !== actor.user)
      throw new NotFoundError(`saved analysis ${id}`);
    return { ...viewOf(id, state), version: version! };
  }

  /** The caller's own, the latest changed first. */
  async list(actor: DomainActor): Promise<SavedAnalysisView[]> {
    scopeOf(actor);
    const rows = await this.db.getRepository<SavedAnalysisRow>(SavedAnalysisEntity).find({
      where: { ownerAgency: actor.agency, ownerUser: actor.user, deletedAt: IsNull() },
      order: { changedAt: 'DESC', analysisId: 'ASC' },
    });
    return rows.map((r) => ({
      id: r.analysisId,
      name: r.name,
      query: JSON.parse(r.query) as NormalisedQuery,
      savedAt: r.savedAt,
      changedAt: r.changedAt,
    }));
  }

  /** Only readers of reports keep analyses (403 otherwise). */
  private command(request: CommandRequest) {
    const command = commandFromRequest(request, this.clock);
    scopeOf(command.principal);
    return command;
  }

  private async handle(
    id: string,
    command: SavedAnalysisCommand,
    metadata: Parameters<CommandHandler<SavedAnalysisCommand, SavedAnalysisState, SavedAnalysisEvent>['handle']>[2],
    options: { newStream?: boolean } = {},
  ): Promise<SavedAnalysisAnswer> {
    const streamId = toAnalysisStreamId(id);
    const result = await this.commands.handle(streamId, command, metadata, options);
    if (result.state.status !== 'saved') throw new NotFoundError(`saved analysis ${id}`);
    return { ...viewOf(id, result.state), ...commandAccepted(streamId, result) };
  }
}

/** The query as it will run (422 naming what is allowed otherwise), stored normalised. */
function checked(query: AnalysisQuery): Record<string, unknown> {
  const errors = analysisQueryErrors(query);
  if (errors.length) throw invalidFields(errors.map((e) => ({ ...e, field: `query.${e.field}` })));
  return normaliseAnalysisQuery(query) as unknown as Record<string, unknown>;
}

function viewOf(id: string, state: Extract<SavedAnalysisState, { status: 'saved' }>): SavedAnalysisView {
  return { id, name: state.name, query: state.query as unknown as NormalisedQuery, savedAt: state.savedAt, changedAt: state.changedAt };
}
