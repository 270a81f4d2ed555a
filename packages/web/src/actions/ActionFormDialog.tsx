import type { ButtonProps } from 'antd';
import { Alert, App, Form, Input, InputNumber, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRunAction } from '../api/mainline.ts';
import { LookupInput } from '../fields/lookup-input.tsx';
import { lookupField, type ActionInput, type InputKey } from './action-inputs.ts';
import { showProblems } from './problem-fields.ts';

type Props = { object: string; id: string; action: string; title: string; inputs: ActionInput[]; labels: Record<string, InputKey>; onClose: () => void };

/** A small dialog for an action's inputs; the server's problems show beside the input they name. */
export function ActionFormDialog({ object, id, action, title, inputs, labels, onClose }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Record<string, unknown>>();
  const run = useRunAction(object, id);
  const [other, setOther] = useState<string[]>([]);

  const submit = (values: Record<string, unknown>) => {
    const body = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined && v !== null && v !== ''));
    setOther([]);
    run.mutate(
      { action, body },
      {
        onSuccess: () => {
          message.success(t('actions.done', { action: title }));
          onClose();
        },
        onError: (error) => setOther(showProblems(form, error, inputs.map((i) => i.name), t('common.error'))),
      },
    );
  };

  return (
    <Modal open title={title} okText={title} cancelText={t('common.cancel')} onOk={() => form.submit()} onCancel={onClose} confirmLoading={run.isPending} destroyOnHidden okButtonProps={{ 'data-testid': 'action-submit' } as ButtonProps}>
      <Form form={form} layout="vertical" onFinish={submit} data-testid="action-form">
        {inputs.map((input) => {
          const label = t(`actions.${labels[input.name]!}`);
          const rules = input.required ? [{ required: true, message: t('form.required', { field: label }) }] : [];
          return (
            <Form.Item key={input.name} name={input.name} label={label} rules={rules}>
              {input.kind === 'text' ? (
                <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
              ) : input.kind === 'integer' ? (
                <InputNumber min={input.min} max={input.max} precision={0} style={{ width: '100%' }} />
              ) : (
                <LookupInput field={lookupField(input.name, input.target)} />
              )}
            </Form.Item>
          );
        })}
        {other.length > 0 ? <Alert type="error" showIcon title={other.join(' ')} /> : null}
        <button type="submit" hidden aria-hidden="true" tabIndex={-1} />
      </Form>
    </Modal>
  );
}
