/** Reading the informant's identity: a purpose is asked for (sent as X-Access-Purpose) and the user is told the read is logged. */
import { useState } from 'react';
import { Alert, Button, Descriptions, Form, Input, Modal, Radio, Space } from 'antd';
import { useT } from '../../app/i18n';
import { ProblemAlert } from '../../app/states';
import { useReadInformant } from './hooks';

const PURPOSES = ['verify', 'evidence', 'feedback', 'enforcement', 'other'] as const;
const FIELDS = ['name', 'phone', 'idNumber', 'address'] as const;

export function InformantAccess({ leadId }: { leadId: string }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ purpose: (typeof PURPOSES)[number]; detail?: string }>();
  const read = useReadInformant(leadId);

  if (read.data) {
    return (
      <Descriptions size="small" column={2} bordered>
        {FIELDS.filter((field) => read.data.informant[field]).map((field) => (
          <Descriptions.Item key={field} label={t(`leads.informant.${field}`)}>
            {read.data.informant[field]}
          </Descriptions.Item>
        ))}
      </Descriptions>
    );
  }
  return (
    <>
      <Button onClick={() => setOpen(true)}>{t('leads.informant.read')}</Button>
      <Modal
        open={open}
        title={t('leads.informant.modalTitle')}
        okText={t('leads.informant.view')}
        cancelText={t('app.cancel')}
        confirmLoading={read.isPending}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <Alert type="warning" showIcon title={t('leads.informant.logged')} style={{ marginBottom: 16 }} />
        <ProblemAlert error={read.error} />
        <Form
          form={form}
          layout="vertical"
          onFinish={({ purpose, detail }) => {
            const text = [t(`leads.informant.purpose.${purpose}`), detail?.trim()].filter(Boolean).join('：');
            read.mutate(text, { onSuccess: () => setOpen(false) });
          }}
        >
          <Form.Item name="purpose" label={t('leads.informant.purpose')} rules={[{ required: true, message: t('leads.informant.purposeRequired') }]}>
            <Radio.Group>
              <Space orientation="vertical">
                {PURPOSES.map((code) => (
                  <Radio key={code} value={code}>
                    {t(`leads.informant.purpose.${code}`)}
                  </Radio>
                ))}
              </Space>
            </Radio.Group>
          </Form.Item>
          <Form.Item
            name="detail"
            label={t('leads.informant.purposeDetail')}
            dependencies={['purpose']}
            rules={[
              ({ getFieldValue }) => ({
                required: getFieldValue('purpose') === 'other',
                whitespace: true,
                max: 400,
                message: t('leads.informant.detailRequired'),
              }),
            ]}
          >
            <Input.TextArea rows={2} maxLength={400} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
