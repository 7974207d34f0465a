/** The columns of a clock table (a case's clocks, the deadlines dashboard): what it watches, who owes it, its state and due time. */
import { Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { Locale, Translate } from '../../app/i18n';
import { formatDateTime, formatDeadline } from '../../app/format';
import type { Clock } from './hooks';

export function clockColumns(t: Translate, locale: Locale): ColumnsType<Clock> {
  return [
    { title: t('cases.clock.policy'), dataIndex: 'policyName' },
    { title: t('cases.clock.unit'), dataIndex: 'unitName' },
    { title: t('cases.clock.status'), dataIndex: 'statusLabel' },
    { title: t('cases.clock.startedAt'), dataIndex: 'startedAt', render: (v: string) => formatDateTime(v, locale) },
    {
      title: t('cases.clock.dueAt'),
      dataIndex: 'dueAt',
      render: (v: string | null, row) => (
        <Typography.Text type={row.missedAt ? 'danger' : undefined}>
          {formatDeadline(v, locale)}
          {row.missedAt ? `（${t('cases.clock.missed')}）` : ''}
        </Typography.Text>
      ),
    },
  ];
}
