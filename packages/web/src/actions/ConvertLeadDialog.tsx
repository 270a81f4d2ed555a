import type { ButtonProps } from 'antd';
import { Alert, App, Checkbox, Form, Input, Modal, Radio, Space, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemError, type Problem } from '../api/http.ts';
import { useRunAction } from '../api/mainline.ts';
import { useObjectDef } from '../api/metadata.ts';
import { useLabels } from '../locale/labels.ts';
import { showProblems } from './problem-fields.ts';

type Duplicate = { id: string; name: string; matchedOn: 'creditCode' | 'name' | 'contactEmail' };
type Values = { createOpportunity: boolean; opportunityName?: string; account?: string };
const NEW_ACCOUNT = 'new';

/**
 * Lead conversion: an opportunity or not, and when the server finds likely
 * duplicate accounts (`409 duplicatesFound`), a choice between them and a new one.
 */
export function ConvertLeadDialog({ id, onClose, onDone }: { id: string; onClose: () => void; onDone: (result: Record<string, unknown>) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const labels = useLabels();
  const accountDef = useObjectDef('account').data;
  const run = useRunAction('lead', id);
  const [duplicates, setDuplicates] = useState<Duplicate[]>([]);
  const [other, setOther] = useState<string[]>([]);
  const withOpportunity = Form.useWatch('createOpportunity', form) ?? true;

  const submit = (values: Values) => {
    const account = values.account === undefined ? {} : values.account === NEW_ACCOUNT ? { createNewAccount: true } : { accountId: values.account };
    const opportunity = values.createOpportunity ? (values.opportunityName?.trim() ? { name: values.opportunityName.trim() } : {}) : false;
    setOther([]);
    run.mutate(
      { action: 'convert', body: { ...account, opportunity } },
      {
        onSuccess: (result) => {
          message.success(t('actions.converted'));
          onClose();
          onDone(result);
        },
        onError: (error) => {
          const found = error instanceof ProblemError ? ((error.problem as Problem & { duplicates?: Duplicate[] }).duplicates ?? []) : [];
          if (found.length > 0) {
            setDuplicates(found);
            form.setFieldValue('account', found[0]!.id);
            return;
          }
          setOther(showProblems(form, error, ['opportunityName'], t('common.error')));
        },
      },
    );
  };

  return (
    <Modal open title={t('actions.convertTitle')} okText={t('actions.names.convert')} cancelText={t('common.cancel')} onOk={() => form.submit()} onCancel={onClose} confirmLoading={run.isPending} destroyOnHidden okButtonProps={{ 'data-testid': 'action-submit' } as ButtonProps}>
      <Form form={form} layout="vertical" initialValues={{ createOpportunity: true }} onFinish={submit} data-testid="convert-form">
        {duplicates.length > 0 ? (
          <>
            <Alert type="warning" showIcon title={t('actions.duplicatesFound')} className="ml-dialog-alert" />
            <Form.Item name="account" label={accountDef ? labels.object(accountDef) : t('actions.createNewAccount')} rules={[{ required: true }]}>
              <Radio.Group data-testid="duplicate-choice">
                <Space orientation="vertical">
                  {duplicates.map((d) => (
                    <Radio key={d.id} value={d.id}>
                      {d.name} <Tag>{t(`actions.matchedOn.${d.matchedOn}`)}</Tag>
                    </Radio>
                  ))}
                  <Radio value={NEW_ACCOUNT}>{t('actions.createNewAccount')}</Radio>
                </Space>
              </Radio.Group>
            </Form.Item>
          </>
        ) : null}
        <Form.Item name="createOpportunity" valuePropName="checked">
          <Checkbox>{t('actions.createOpportunity')}</Checkbox>
        </Form.Item>
        {withOpportunity ? (
          <Form.Item name="opportunityName" label={t('actions.opportunityName')} extra={t('actions.opportunityNameHint')}>
            <Input maxLength={255} />
          </Form.Item>
        ) : null}
        {other.length > 0 ? <Alert type="error" showIcon title={other.join(' ')} /> : null}
        <button type="submit" hidden aria-hidden="true" tabIndex={-1} />
      </Form>
    </Modal>
  );
}
