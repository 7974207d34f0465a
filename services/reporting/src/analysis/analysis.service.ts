/**
 * Runs analyses for analysts (docs/analysis.md): the reader's scope and access
 * log, the query's rules, then one compiled statement on the analytic engine
 * (RISK_FACTS_SOURCE); while the engine is still loading, a 503 with
 * Retry-After. Also writes an analysis as an XLSX/CSV sheet.
 */
import { HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { Writable } from 'node:stream';
import type { DomainActor } from '@jm/contracts';
import type { Clock } from '@jm/event-sourcing';
import { AGENCY_REGISTRY, CLOCK, invalidFields } from '@jm/platform';
import type { AgencyRegistry, Lang } from '@jm/reference';
import { ReportAccess } from '../statistics/access/report-access';
import { scopeOf } from '../statistics/access/report-scope';
import {
  contentDisposition,
  CONTENT_TYPES,
  csvWriter,
  ExportColumn,
  ExportFormat,
  SheetWriter,
  xlsxWriter,
} from '../statistics/exports/export-writers';
import { chinaDateTime } from '../statistics/vocabulary/period';
import { TOTAL } from '../statistics/vocabulary/reporting-labels';
import { compileAnalysis, readAnalysis } from './analysis-compiler';
import { AnalysisQuery, analysisQueryErrors } from './analysis-query';
import { analysisResult, AnalysisResult } from './analysis-result';
import { RISK_FACTS_SOURCE, RiskFactsSource } from '../analytic-engine/risk-facts';

/** Seconds a client waits before asking again while the engine loads. */
export const ENGINE_RETRY_AFTER_SECONDS = 5;

/** The engine has not caught up with the ledger yet (loading after a start or a rebuild). */
export class AnalysisEngineLoading extends HttpException {
  readonly retryAfterSeconds = ENGINE_RETRY_AFTER_SECONDS;
  constructor() {
    super(
      { code: 'SERVICE_UNAVAILABLE', message: 'the analytic engine is still loading the risk ledger; try again shortly' },
      HttpStatus.SERVICE_UNAVAILABLE,
    );
  }
}

export const ANALYSIS_RESOURCE = 'analysis';

const MEASURE_EXPORT_TYPES = { cases: 'count', yuan: 'yuan', persons: 'count', days: 'text', ratio: 'text' } as const;

/** The parts of the Express response an export uses. */
export type ExportResponse = Writable & { status(code: number): unknown; setHeader(name: string, value: string): unknown };

@Injectable()
export class AnalysisService {
  constructor(
    private readonly access: ReportAccess,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(AGENCY_REGISTRY) private readonly registry: AgencyRegistry,
    @Inject(RISK_FACTS_SOURCE) private readonly facts: RiskFactsSource,
  ) {}

  async run(actor: DomainActor, query: AnalysisQuery, lang: Lang, purpose?: string, fields = ['query']): Promise<AnalysisResult> {
    await this.access.check(actor, ANALYSIS_RESOURCE, fields, purpose);
    const scope = scopeOf(actor);
    const errors = analysisQueryErrors(query);
    if (errors.length) throw invalidFields(errors);
    const engine = await this.facts.synced();
    if (!engine) throw new AnalysisEngineLoading();
    const now = this.clock.now();
    const compiled = compileAnalysis(query, scope, now);
    const answer = readAnalysis(compiled, await engine.query(compiled.sql, compiled.params));
    return analysisResult(compiled.query, answer, { scope, lang, registry: this.registry, asOf: now });
  }

  /** The analysis as a sheet: headers as its columns read (zh-CN or English), one line per row, then the totals. */
  async export(actor: DomainActor, query: AnalysisQuery, format: ExportFormat, lang: Lang, res: ExportResponse, purpose?: string): Promise<void> {
    const result = await this.run(actor, query, lang, purpose, [`export:${format}`]);
    const columns: ExportColumn[] = result.columns.map((c) => ({
      key: c.key,
      label: c.label,
      type: c.kind === 'dimension' ? 'text' : MEASURE_EXPORT_TYPES[c.unit ?? 'cases'],
    }));
    const at = chinaDateTime(result.asOf);
    const name = { 'zh-CN': '分析', en: 'Analysis' }[lang];
    const title = lang === 'en' ? `${name}: ${result.scope.label} (${at} China time)` : `${name}：${result.scope.label}（${at}）`;
    res.status(200);
    res.setHeader('Content-Type', CONTENT_TYPES[format]);
    res.setHeader('Content-Disposition', contentDisposition(`analysis-${at.slice(0, 10)}.${format}`, `${name}-${at.slice(0, 10)}.${format}`));
    const writer: SheetWriter = format === 'csv' ? await csvWriter(res, columns, lang) : await xlsxWriter(res, name, title, columns, lang);
    for (const row of result.rows) {
      const line: Record<string, unknown> = {};
      for (const c of result.columns) {
        const [kind, key] = c.kind === 'previous' || c.kind === 'change' ? [c.kind, c.key.split('.')[1]] : [c.kind, c.key];
        line[c.key] =
          kind === 'dimension'
            ? row.labels[key as never]
            : kind === 'measure'
              ? row.values[key as never]
              : row[kind as 'previous' | 'change']?.[key as never];
      }
      await writer.row(line);
    }
    const totals: Record<string, unknown> = { ...result.totals };
    if (result.columns[0]?.kind === 'dimension') totals[result.columns[0].key] = TOTAL[lang];
    await writer.row(totals);
    await writer.end();
  }
}
