/**
 * The triage actions the session may take in the lead's state (cases' triage
 * decider): the owning office routes or refers up; the routed unit starts
 * verifying and feeds back. Nothing else is offered.
 */
import { useState } from 'react';
import { App as AntApp, Button, Checkbox, Form, Input, Modal, Radio, Select, Space, Typography } from 'antd';
import { useNavigate } from 'react-router-dom';
import { showProblemOn } from '../../app/forms';
import { useT } from '../../app/i18n';
import { hasRole, SessionView, useSession } from '../../app/session';
import { ProblemAlert } from '../../app/states';
import { TriageCommand, TriageView, useRegionUnits, useTriageCommand } from './hooks';

type Action = 'route' | 'refer-up' | 'verification' | 'feedback';

/** What the session may do to a triage in its current state. */
export function triageActions(triage: TriageView, session: Pick<SessionView, 'agency' | 'roles'>): Action[] {
  const office = session.agency === triage.office && hasRole(session, 'office_officer');
  const routedUnit = triage.routing?.unit === session.agency && hasRole(session, 'unit_officer', 'street_officer');
  const actions: Action[] = [];
  if (
    office &&
    (triage.status === 'awaiting_triage' || triage.status === 'referred_up' || (triage.status === 'routed' && !triage.routing?.verificationStartedAt))
  )
    actions.push('route');
  if (office && (triage.status === 'awaiting_triage' || triage.status === 'referred_up')) actions.push('refer-up');
  if (routedUnit && triage.status === 'routed' && !triage.routing?.verificationStartedAt) actions.push('verification');
  if (routedUnit && triage.status === 'routed' && triage.routing?.verificationStartedAt) actions.push('feedback');
  return actions;
}

const REASON_MAX = 1000;

export function TriageActions({ triage }: { triage: TriageView }) {
  const t = useT();
  const session = useSession();
  const navigate = useNavigate();
  const { message } = AntApp.useApp();
  const [open, setOpen] = useState<Action>();
  const [alert, setAlert] = useState<unknown>();
  const [form] = Form.useForm();
  const command = useTriageCommand(triage.leadId, triage.version);
  const actions = triageActions(triage, session);
  const units = useRegionUnits(actions.includes('route'));

  if (!actions.length) return <Typography.Text type="secondary">{t('leads.action.none')}</Typography.Text>;

  const run = (body: TriageCommand) => {
    setAlert(undefined);
    command.mutate(body, {
      onSuccess: (answer) => {
        setOpen(undefined);
        void message.success(t('leads.action.done'));
        if (answer?.caseId) void navigate(`/cases/${answer.caseId}`);
      },
      onError: (error) => setAlert(showProblemOn(form, error)),
    });
  };
  const reasonRules = (required: boolean) => [{ required, whitespace: true, max: REASON_MAX, message: t('leads.action.reasonRequired') }];
  const titles: Record<Action, string> = {
    route: t('leads.action.routeTitle'),
    'refer-up': t('leads.action.referUp'),
    verification: t('leads.action.startVerification'),
    feedback: t('leads.action.feedback'),
  };

  return (
    <>
      <Space wrap>
        {actions.map((action) =>
          action === 'verification' ? (
            <Button key={action} type="primary" loading={command.isPending} onClick={() => run({ kind: 'verification' })}>
              {t('leads.action.startVerification')}
            </Button>
          ) : (
            <Button
              key={action}
              type={action === 'refer-up' ? 'default' : 'primary'}
              onClick={() => {
                setAlert(undefined);
                setOpen(action);
              }}
            >
              {action === 'route' ? t('leads.action.route') : titles[action]}
            </Button>
          ),
        )}
      </Space>
      {!open && alert ? <ProblemAlert error={alert} /> : null}
      <Modal
        open={!!open}
        title={open ? titles[open] : ''}
        okText={t('app.confirm')}
        cancelText={t('app.cancel')}
        confirmLoading={command.isPending}
        onCancel={() => setOpen(undefined)}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <ProblemAlert error={alert} />
        <Form
          // Fresh for every opening: the modal destroys its content when hidden, and the fields drop their values with it
          // (resetting after the opening animation instead could wipe what the user had already chosen).
          preserve={false}
          form={form}
          layout="vertical"
          onFinish={(values: { unit?: string; licensedInstitution?: boolean; reason?: string; outcome?: 'founded' | 'unfounded' }) => {
            if (open === 'route')
              run({ kind: 'route', unit: values.unit || undefined, licensedInstitution: values.licensedInstitution || undefined });
            if (open === 'refer-up') run({ kind: 'refer-up', reason: values.reason?.trim() ?? '' });
            if (open === 'feedback') run({ kind: 'feedback', outcome: values.outcome ?? 'founded', reason: values.reason?.trim() || undefined });
          }}
        >
          {open === 'route' ? (
            <>
              <Form.Item name="unit" label={t('leads.action.unit')} extra={t('leads.action.unitAuto')}>
                <Select
                  allowClear
                  showSearch={{ optionFilterProp: 'label' }}
                  loading={units.isPending}
                  options={(units.data ?? [])
                    .filter((unit) => unit.unit !== triage.office)
                    .map((unit) => ({ value: unit.unit, label: unit.unitName }))}
                />
              </Form.Item>
              <Form.Item name="licensedInstitution" valuePropName="checked">
                <Checkbox>{t('leads.action.licensed')}</Checkbox>
              </Form.Item>
            </>
          ) : null}
          {open === 'refer-up' ? (
            <Form.Item name="reason" label={t('leads.action.reason')} rules={reasonRules(true)}>
              <Input.TextArea rows={3} maxLength={REASON_MAX} showCount />
            </Form.Item>
          ) : null}
          {open === 'feedback' ? (
            <>
              <Form.Item
                name="outcome"
                label={t('leads.action.outcome')}
                rules={[{ required: true, message: t('leads.v.select', { label: t('leads.action.outcome') }) }]}
              >
                <Radio.Group>
                  <Radio value="founded">{t('leads.action.founded')}</Radio>
                  <Radio value="unfounded">{t('leads.action.unfounded')}</Radio>
                </Radio.Group>
              </Form.Item>
              <Form.Item noStyle dependencies={['outcome']}>
                {({ getFieldValue }) => (
                  <Form.Item name="reason" label={t('leads.action.reason')} rules={reasonRules(getFieldValue('outcome') === 'unfounded')}>
                    <Input.TextArea rows={3} maxLength={REASON_MAX} showCount />
                  </Form.Item>
                )}
              </Form.Item>
            </>
          ) : null}
        </Form>
      </Modal>
    </>
  );
}
