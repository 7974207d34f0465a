/** Small pieces every casework screen uses: labels of codes, loading and error states, problem alerts, enum selects. */
import type { ReactNode } from 'react';
import { Alert, Result, Select, Space, Spin } from 'antd';
import type { UseQueryResult } from '@tanstack/react-query';
import { ApiProblem } from '../../app/api';
import { useT } from '../../app/i18n';
import { codesOf } from './labels';

/** `label('status', 'closed')` → 已结案销号; an unknown code is shown as it is. */
export function useLabel(): (table: string, code: string | null | undefined) => string {
  const t = useT();
  return (table, code) => {
    if (code === null || code === undefined || code === '') return '—';
    const key = `cases.enum.${table}.${code}`;
    const text = t(key);
    return text === key ? code : text;
  };
}

export function ProblemAlert({ problem }: { problem: unknown }) {
  const t = useT();
  if (!problem) return null;
  const message = problem instanceof ApiProblem ? problem.title : t('cases.ui.networkError');
  const detail = problem instanceof ApiProblem ? problem.detail : undefined;
  return <Alert type="error" showIcon role="alert" title={message} description={detail} />;
}

/** A query's loading and error states in the user's language; a 404 reads 无权查看或不存在 (existence does not leak). */
export function QueryView<T>({ query, children }: { query: UseQueryResult<T>; children: (data: T) => ReactNode }) {
  const t = useT();
  if (query.isPending) return <Spin description={t('app.loading')}>{<div style={{ minHeight: 80 }} />}</Spin>;
  if (query.isError) {
    if (query.error instanceof ApiProblem && query.error.status === 404) {
      return <Result status="404" title={t('cases.ui.notFound')} subTitle={t('cases.ui.notFoundHint')} />;
    }
    if (query.error instanceof ApiProblem && query.error.status === 403) {
      return <Result status="403" title={t('app.forbidden')} subTitle={query.error.detail} />;
    }
    return <ProblemAlert problem={query.error} />;
  }
  return <>{children(query.data as T)}</>;
}

/** A control with its name written before it (a label element: clicking the name focuses the control). */
export function Labelled({ text, children }: { text: string; children: ReactNode }) {
  return (
    <label>
      <Space size={4}>
        {text}
        {children}
      </Space>
    </label>
  );
}

/** A select of a label table's codes (filters), cleared to undefined. */
export function EnumSelect({
  table,
  value,
  onChange,
  placeholder,
  codes,
  width = 180,
}: {
  table: string;
  value?: string;
  onChange: (value: string | undefined) => void;
  placeholder: string;
  codes?: string[];
  width?: number | string;
}) {
  const label = useLabel();
  return (
    <Select
      allowClear
      aria-label={placeholder}
      placeholder={placeholder}
      style={{ width }}
      value={value}
      onChange={(next) => onChange(next ?? undefined)}
      options={(codes ?? codesOf(table)).map((code) => ({ value: code, label: label(table, code) }))}
    />
  );
}

/** A datetime-local value ("2026-12-20T10:00") read as China time, as an ISO instant. */
export function chinaTimeToIso(local: string): string {
  return new Date(`${local.slice(0, 16)}:00+08:00`).toISOString();
}
