/** The OpenAPI schema of AnalysisResult (analysis-result.ts), which the console's types are generated from. */
import { DIMENSIONS, MEASURES } from './analysis-allow-list';

const figures = { type: 'object', additionalProperties: { type: 'number', nullable: true }, description: `By measure (${MEASURES.join(', ')})` };
const byDimension = (value: object, description: string) => ({
  type: 'object',
  additionalProperties: value,
  description: `${description} (${DIMENSIONS.join(', ')})`,
});

export const ANALYSIS_RESULT_SCHEMA = {
  type: 'object',
  required: ['query', 'scope', 'asOf', 'truncated', 'columns', 'rows', 'totals'],
  properties: {
    query: { type: 'object', description: 'The query as run: sort and limit filled in' },
    scope: {
      type: 'object',
      required: ['kind', 'code', 'label'],
      properties: { kind: { type: 'string', enum: ['region', 'street', 'unit'] }, code: { type: 'string' }, label: { type: 'string' } },
    },
    asOf: { type: 'string', format: 'date-time' },
    truncated: { type: 'boolean', description: 'More rows than the limit matched' },
    columns: {
      type: 'array',
      items: {
        type: 'object',
        required: ['key', 'kind', 'label'],
        properties: {
          key: { type: 'string', description: 'A dimension or measure; previous.<measure>, change.<measure> with compare' },
          kind: { type: 'string', enum: ['dimension', 'measure', 'previous', 'change'] },
          label: { type: 'string' },
          unit: { type: 'string', enum: ['cases', 'yuan', 'persons', 'days', 'ratio'] },
        },
      },
    },
    rows: {
      type: 'array',
      items: {
        type: 'object',
        required: ['dimensions', 'labels', 'values', 'drill'],
        properties: {
          dimensions: byDimension({ nullable: true, oneOf: [{ type: 'string' }, { type: 'boolean' }] }, 'Codes; period as 2026-03, 2026-Q1 or 2026'),
          labels: byDimension({ type: 'string' }, 'What a person reads'),
          values: { ...figures, description: `${figures.description}: amounts in yuan, ages in days` },
          previous: { ...figures, description: 'The previous period’s figures (compare)' },
          change: { ...figures, description: '(current − previous) / previous; null without a previous figure (compare)' },
          drill: { type: 'string', description: 'The GET /ledgers/risks query string of the ledger rows behind the row' },
        },
      },
    },
    totals: { ...figures, description: 'Over every matching case of the window, not only the rows shown' },
  },
};
