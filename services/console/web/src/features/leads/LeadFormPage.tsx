/** 线索登记: an agency's (or street's) lead, checked as intake checks it; problems shown at the field they name. */
import { useState } from 'react';
import { App as AntApp, Button, Card, Form } from 'antd';
import { useNavigate } from 'react-router-dom';
import { showProblemOn } from '../../app/forms';
import { useT } from '../../app/i18n';
import { PageHeader } from '../../app/layout';
import { useSession } from '../../app/session';
import { ProblemAlert } from '../../app/states';
import { agencyOf } from '../../app/agencies';
import { useSubmitLead } from './hooks';
import { LeadFields, LeadFormValues, leadBody } from './LeadFields';

export function LeadFormPage() {
  const t = useT();
  const session = useSession();
  const [form] = Form.useForm<LeadFormValues>();
  const navigate = useNavigate();
  const { message } = AntApp.useApp();
  const [alert, setAlert] = useState<unknown>();
  const submit = useSubmitLead();
  // A street registers leads of its own street by default.
  const ownStreet = agencyOf(session.agency)?.kind === 'street' ? session.agency : undefined;

  return (
    <>
      <PageHeader title={t('leads.new.title')} back="/leads" />
      <Card>
        <ProblemAlert error={alert} />
        <Form<LeadFormValues>
          form={form}
          layout="vertical"
          initialValues={{ street: ownStreet, channel: 'agency_system', major: false, reportToOffice: true, subjects: [] }}
          scrollToFirstError
          onFinish={(values) => {
            setAlert(undefined);
            submit.mutate(leadBody(values), {
              onSuccess: ({ leadId, receiptNo }) => {
                void message.success(t('leads.submitted', { no: receiptNo }));
                void navigate(`/leads/${leadId}`);
              },
              onError: (error) => setAlert(showProblemOn(form, error)),
            });
          }}
        >
          <LeadFields kind="agency" />
          <Button type="primary" htmlType="submit" loading={submit.isPending}>
            {t('leads.submit')}
          </Button>
        </Form>
      </Card>
    </>
  );
}
