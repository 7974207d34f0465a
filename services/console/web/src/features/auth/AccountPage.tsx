/** 我的账户: who is signed in, for which agency and roles, until when; links to password and two-step verification. */
import { Button, Card, Descriptions, Space, Tag } from 'antd';
import { Link } from 'react-router-dom';
import { formatDateTime } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { PageHeader } from '../../app/layout';
import { PASSWORD_PATH, TOTP_PATH, useSession } from '../../app/session';

export function AccountPage() {
  const { t, locale } = useI18n();
  const session = useSession();
  return (
    <>
      <PageHeader
        title={t('auth.account.title')}
        extra={
          <Space>
            <Link to={PASSWORD_PATH}>
              <Button>{t('app.changePassword')}</Button>
            </Link>
            <Link to={TOTP_PATH}>
              <Button>{t('app.twoFactor')}</Button>
            </Link>
          </Space>
        }
      />
      <Card>
        <Descriptions column={1} bordered>
          <Descriptions.Item label={t('auth.username')}>{session.username}</Descriptions.Item>
          <Descriptions.Item label={t('auth.account.displayName')}>{session.displayName}</Descriptions.Item>
          <Descriptions.Item label={t('auth.account.agency')}>{session.agencyName}</Descriptions.Item>
          <Descriptions.Item label={t('auth.account.roles')}>
            {session.roles.map((role) => (
              <Tag key={role}>{t(`app.role.${role}`)}</Tag>
            ))}
          </Descriptions.Item>
          <Descriptions.Item label={t('auth.account.totp')}>
            {session.totpEnabled ? t('auth.totp.enabled') : t('auth.totp.disabled')}
          </Descriptions.Item>
          <Descriptions.Item label={t('auth.account.idleExpires')}>{formatDateTime(session.idleExpiresAt, locale)}</Descriptions.Item>
          <Descriptions.Item label={t('auth.account.absoluteExpires')}>{formatDateTime(session.absoluteExpiresAt, locale)}</Descriptions.Item>
        </Descriptions>
      </Card>
    </>
  );
}
