import { DeleteOutlined, EditOutlined, UserSwitchOutlined } from '@ant-design/icons';
import { Alert, App, Button, Form, List, Modal, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { problemText } from '../api/http.ts';
import { MAX_BULK_RECORDS, useBulkAction, type BulkRequest, type BulkResult } from '../api/list-actions.ts';
import { usePermissions, useUsers } from '../api/metadata.ts';
import type { ObjectDef, RecordRow } from '../api/types.ts';
import { FIELD_INPUTS } from '../fields/field-inputs.tsx';
import { useLabels } from '../locale/labels.ts';
import { formFields } from './form-fields.ts';

type Action = 'owner' | 'field' | 'delete';
type Props = { object: ObjectDef; selected: RecordRow[]; onDone: (stillSelected: string[]) => void };

/**
 * What can be done to the selected rows of a list: change their owner, set
 * one field, or delete them — each after a confirmation, each record on
 * its own, so the ones refused are listed with the reason and stay selected.
 */
export function BulkActionBar({ object, selected, onDone }: Props) {
  const { t } = useTranslation();
  const permissions = usePermissions().data?.objects[object.apiName]?.permissions;
  const [action, setAction] = useState<Action | null>(null);
  const tooMany = selected.length > MAX_BULK_RECORDS;
  if (selected.length === 0) return null;
  return (
    <div className="ml-bulk-bar" role="toolbar" aria-label={t('listActions.toolbar')} data-testid="bulk-bar">
      <Typography.Text strong data-testid="bulk-count">
        {t('listActions.selected', { count: selected.length })}
      </Typography.Text>
      {tooMany ? <Typography.Text type="warning">{t('listActions.tooMany', { max: MAX_BULK_RECORDS })}</Typography.Text> : null}
      <Space wrap>
        {permissions?.edit ? (
          <>
            <Button icon={<UserSwitchOutlined />} disabled={tooMany} onClick={() => setAction('owner')} data-testid="bulk-owner">
              {t('listActions.changeOwner')}
            </Button>
            <Button icon={<EditOutlined />} disabled={tooMany} onClick={() => setAction('field')} data-testid="bulk-field">
              {t('listActions.editField')}
            </Button>
          </>
        ) : null}
        {permissions?.delete ? (
          <Button danger icon={<DeleteOutlined />} disabled={tooMany} onClick={() => setAction('delete')} data-testid="bulk-delete">
            {t('common.delete')}
          </Button>
        ) : null}
        <Button type="link" onClick={() => onDone([])}>
          {t('listActions.clearSelection')}
        </Button>
      </Space>
      {action ? <BulkDialog object={object} action={action} selected={selected} onClose={() => setAction(null)} onDone={onDone} /> : null}
    </div>
  );
}

function BulkDialog({ object, action, selected, onClose, onDone }: { object: ObjectDef; action: Action; selected: RecordRow[]; onClose: () => void; onDone: Props['onDone'] }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ ownerId?: string; field?: string; value?: unknown }>();
  const users = useUsers();
  const bulk = useBulkAction(object.apiName);
  const [result, setResult] = useState<BulkResult | null>(null);
  const editable = formFields(object, usePermissions().data).filter((f) => !f.readOnly && f.field.type !== 'json');
  const chosenField = Form.useWatch('field', form);
  const field = editable.find((f) => f.field.apiName === chosenField)?.field;
  const count = selected.length;
  const ids = selected.map((r) => r.id);

  const submit = (values: { ownerId?: string; field?: string; value?: unknown }) => {
    const body: BulkRequest =
      action === 'delete' ? { action: 'delete', ids } : { action: 'update', ids, values: action === 'owner' ? { ownerId: values.ownerId } : { [values.field!]: values.value ?? null } };
    bulk.mutate(body, {
      onSuccess: (r) => {
        if (r.failed === 0) {
          message.success(t('listActions.done', { count: r.succeeded }));
          onDone([]);
          onClose();
          return;
        }
        setResult(r);
        onDone(r.results.filter((x) => !x.ok).map((x) => x.id));
      },
      onError: (error) => message.error(problemText(error, t('common.error'))),
    });
  };

  const title = action === 'owner' ? t('listActions.changeOwner') : action === 'field' ? t('listActions.editField') : t('listActions.deleteTitle');
  const nameOf = (id: string) => String(selected.find((r) => r.id === id)?.name ?? id);
  return (
    <Modal
      open
      title={title}
      onCancel={onClose}
      destroyOnHidden
      okText={result ? t('common.close') : action === 'delete' ? t('listActions.deleteConfirm', { count }) : t('listActions.applyTo', { count })}
      okButtonProps={{ danger: action === 'delete' && !result, loading: bulk.isPending, 'data-testid': 'bulk-confirm' }}
      cancelButtonProps={result ? { style: { display: 'none' } } : undefined}
      onOk={() => (result ? onClose() : form.submit())}
    >
      {result ? (
        <div data-testid="bulk-result">
          <Alert type="warning" showIcon title={t('listActions.partial', { succeeded: result.succeeded, failed: result.failed })} />
          <List
            size="small"
            className="ml-bulk-failures"
            dataSource={result.results.filter((r) => !r.ok)}
            renderItem={(r) => (
              <List.Item>
                <Typography.Text strong>{nameOf(r.id)}</Typography.Text>
                <Typography.Text type="danger">{r.ok ? '' : (r.problem.detail ?? r.problem.title)}</Typography.Text>
              </List.Item>
            )}
          />
        </div>
      ) : (
        <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
          {action === 'delete' ? (
            <Typography.Paragraph>{t('listActions.deleteWarning', { count })}</Typography.Paragraph>
          ) : action === 'owner' ? (
            <Form.Item name="ownerId" label={t('listActions.newOwner')} rules={[{ required: true, message: t('listActions.pickOwner') }]}>
              <Select
                showSearch={{ optionFilterProp: 'label' }}
                loading={users.isPending}
                options={(users.data ?? []).filter((u) => u.active).map((u) => ({ value: u.id, label: u.name }))}
                data-testid="bulk-owner-select"
              />
            </Form.Item>
          ) : (
            <>
              <Form.Item name="field" label={t('listActions.field')} rules={[{ required: true, message: t('listActions.pickField') }]}>
                <Select
                  showSearch={{ optionFilterProp: 'label' }}
                  options={editable.map((f) => ({ value: f.field.apiName, label: labels.field(f.field) }))}
                  onChange={() => form.setFieldValue('value', undefined)}
                  data-testid="bulk-field-select"
                />
              </Form.Item>
              {field ? (
                <Form.Item name="value" label={t('listActions.newValue', { field: labels.field(field) })}>
                  {(() => {
                    const Input = FIELD_INPUTS[field.type];
                    return <Input field={field} />;
                  })()}
                </Form.Item>
              ) : null}
            </>
          )}
          {action !== 'delete' ? <Typography.Text type="secondary">{t('listActions.appliesTo', { count })}</Typography.Text> : null}
        </Form>
      )}
    </Modal>
  );
}
