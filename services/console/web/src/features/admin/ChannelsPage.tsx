/** 通知渠道: an agency's channels (inbox always on; emails, signed webhooks, language), read and set as notifications allows. */
import { useEffect, useState } from 'react';
import { Alert, App as AntApp, Button, Card, Form, Input, Radio, Select, Space, Typography } from 'antd';
import { RemoveItem } from '../../app/form-list';
import { HTTP_URL, showProblemOn } from '../../app/forms';
import { useI18n } from '../../app/i18n';
import { PageHeader } from '../../app/layout';
import { hasRole, useSession } from '../../app/session';
import { ErrorState, Loading, ProblemAlert } from '../../app/states';
import { useRegionUnits } from '../leads/hooks';
import { ChannelChoice, useChannels, useSaveChannels } from './hooks';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const SECRET_ENV = /^JM_WEBHOOK_SECRET_[A-Z0-9_]{1,100}$/;

type ChannelForm = Pick<ChannelChoice, 'emails' | 'webhooks' | 'locale'>;

export function ChannelsPage() {
  const { t } = useI18n();
  const session = useSession();
  const { message } = AntApp.useApp();
  const [agency, setAgency] = useState(session.agency);
  const isOffice = hasRole(session, 'office_officer', 'admin');
  const units = useRegionUnits(isOffice);
  const channels = useChannels(agency);
  const save = useSaveChannels(agency, channels.data?.version);
  const [form] = Form.useForm<ChannelForm>();
  const [alert, setAlert] = useState<unknown>();
  useEffect(() => {
    if (channels.data) form.setFieldsValue({ emails: channels.data.emails, webhooks: channels.data.webhooks, locale: channels.data.locale });
    setAlert(undefined);
  }, [channels.data, form]);

  return (
    <>
      <PageHeader title={t('admin.channels.title')} />
      <Card>
        {isOffice && (units.data?.length ?? 0) > 1 ? (
          <Select
            aria-label={t('admin.agency')}
            style={{ width: 360, marginBottom: 16 }}
            showSearch={{ optionFilterProp: 'label' }}
            value={agency}
            onChange={setAgency}
            options={(units.data ?? []).map((unit) => ({ value: unit.unit, label: unit.unitName }))}
          />
        ) : null}
        <Alert type="info" title={t('admin.channels.intro')} style={{ marginBottom: 16 }} />
        {channels.isPending ? (
          <Loading />
        ) : channels.error ? (
          <ErrorState error={channels.error} onRetry={() => void channels.refetch()} />
        ) : (
          <>
            <Typography.Paragraph type="secondary">
              {channels.data.source === 'file' ? t('admin.channels.source.file') : t('admin.channels.source.choice')}
            </Typography.Paragraph>
            <ProblemAlert error={alert} />
            <Form<ChannelForm>
              form={form}
              layout="vertical"
              onFinish={(values) => {
                setAlert(undefined);
                save.mutate(
                  { emails: values.emails ?? [], webhooks: values.webhooks ?? [], locale: values.locale },
                  { onSuccess: () => void message.success(t('app.saved')), onError: (error) => setAlert(showProblemOn(form, error)) },
                );
              }}
            >
              <Form.Item
                name="emails"
                label={t('admin.channels.emails')}
                extra={t('admin.channels.emailsHelp')}
                rules={[
                  {
                    validator: async (_rule, emails: string[] | undefined) => {
                      if ((emails ?? []).some((email) => !EMAIL.test(email))) throw new Error(t('admin.channels.v.email'));
                    },
                  },
                ]}
              >
                <Select mode="tags" open={false} tokenSeparators={[',', ' ', '，']} />
              </Form.Item>
              <Form.List name="webhooks">
                {(fields, { add, remove }) => (
                  <Card
                    size="small"
                    title={t('admin.channels.webhooks')}
                    extra={<Button onClick={() => add()}>{t('admin.channels.addWebhook')}</Button>}
                    style={{ marginBottom: 24 }}
                  >
                    {fields.map((field) => (
                      <Space key={field.key} align="start" wrap>
                        <Form.Item
                          name={[field.name, 'id']}
                          label={t('admin.channels.webhookId')}
                          rules={[{ required: true, pattern: /^[a-z0-9-]+$/, message: t('admin.channels.v.id') }]}
                        >
                          <Input style={{ width: 120 }} />
                        </Form.Item>
                        <Form.Item
                          name={[field.name, 'url']}
                          label={t('admin.channels.webhookUrl')}
                          rules={[{ required: true, pattern: HTTP_URL, message: t('admin.channels.v.url') }]}
                        >
                          <Input style={{ width: 320 }} />
                        </Form.Item>
                        <Form.Item
                          name={[field.name, 'secretEnv']}
                          label={t('admin.channels.secretEnv')}
                          rules={[{ required: true, pattern: SECRET_ENV, message: t('admin.channels.v.secretEnv') }]}
                        >
                          <Input style={{ width: 300 }} />
                        </Form.Item>
                        <RemoveItem label={t('admin.channels.remove')} onRemove={() => remove(field.name)} />
                      </Space>
                    ))}
                  </Card>
                )}
              </Form.List>
              <Form.Item name="locale" label={t('admin.channels.locale')}>
                <Radio.Group
                  options={[
                    { value: 'zh-CN', label: t('admin.channels.locale.zh-CN') },
                    { value: 'en', label: t('admin.channels.locale.en') },
                  ]}
                />
              </Form.Item>
              <Button type="primary" htmlType="submit" loading={save.isPending}>
                {t('app.save')}
              </Button>
            </Form>
          </>
        )}
      </Card>
    </>
  );
}
