import { App, Button, Col, Drawer, Form, Row, Space, Tooltip } from 'antd';
import type { Rule } from 'antd/es/form';
import { useTranslation } from 'react-i18next';
import { ProblemError } from '../api/http.ts';
import { usePermissions } from '../api/metadata.ts';
import { useSaveRecord } from '../api/records.ts';
import type { FieldDef, ObjectDef, RecordRow } from '../api/types.ts';
import { FIELD_INPUTS, InvalidJson } from '../fields/field-inputs.tsx';
import { useLabels } from '../locale/labels.ts';
import { changedValues, formFields, isWide } from './form-fields.ts';

/** `defaults` pre-fill a new record (e.g. the lookup to the record a related list belongs to). */
type Props = { object: ObjectDef; record?: RecordRow; defaults?: Record<string, unknown>; onClose: () => void; onSaved?: (record: RecordRow) => void };

/** Create or edit form generated from metadata: one input per field type, hints from the field definition, server errors beside their fields. */
export function RecordFormDrawer({ object, record, defaults, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const labels = useLabels();
  const { message } = App.useApp();
  const [form] = Form.useForm<Record<string, unknown>>();
  const permissions = usePermissions().data;
  const save = useSaveRecord(object.apiName);
  const fields = formFields(object, permissions);

  const rulesFor = (field: FieldDef, label: string): Rule[] => {
    const rules: Rule[] = [];
    if (field.required && field.type !== 'boolean' && field.type !== 'autoNumber') rules.push({ required: true, message: t('form.required', { field: label }) });
    if (field.maxLength) rules.push({ type: 'string', max: field.maxLength, message: t('form.tooLong', { field: label, max: field.maxLength }) });
    if (field.type === 'json') rules.push({ validator: (_r, v) => (v instanceof InvalidJson ? Promise.reject(new Error(t('form.invalidJson'))) : Promise.resolve()) });
    return rules;
  };

  const submit = (values: Record<string, unknown>) => {
    const body = changedValues(fields, values, record);
    if (record && Object.keys(body).length === 0) return onClose();
    save.mutate(
      { id: record?.id, values: body },
      {
        onSuccess: (saved) => {
          message.success(record ? t('common.saved') : t('common.created'));
          onClose();
          onSaved?.(saved);
        },
        onError: (error) => {
          if (!(error instanceof ProblemError)) return void message.error(t('common.error'));
          const known = new Set(fields.map((f) => f.field.apiName));
          const byField = new Map<string, string[]>();
          for (const e of error.problem.errors ?? []) {
            const name = e.field.split(/[.[]/)[0]!;
            if (known.has(name)) byField.set(name, [...(byField.get(name) ?? []), e.message]);
          }
          form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
          if (byField.size === 0) message.error(error.problem.detail ?? error.problem.title);
        },
      },
    );
  };

  const title = record ? t('record.editTitle', { object: labels.object(object) }) : t('record.newTitle', { object: labels.object(object) });
  const initial = Object.fromEntries(fields.map(({ field }) => [field.apiName, record ? (record[field.apiName] ?? null) : (defaults?.[field.apiName] ?? field.defaultValue ?? null)]));

  return (
    <Drawer
      open
      title={title}
      size={720}
      onClose={onClose}
      destroyOnHidden
      footer={
        <Space className="ml-drawer-footer">
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="record-save">
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      <Form form={form} layout="vertical" initialValues={initial} onFinish={submit} onFinishFailed={() => message.warning(t('form.fixErrors'))} scrollToFirstError data-testid="record-form">
        <Row gutter={16}>
          {fields.map(({ field, readOnly }) => {
            const Input = FIELD_INPUTS[field.type];
            const label = labels.field(field);
            const help = labels.help(field);
            return (
              <Col key={field.apiName} xs={24} md={isWide(field) || field.apiName === 'name' ? 24 : 12}>
                <Form.Item
                  name={field.apiName}
                  label={readOnly && field.type !== 'autoNumber' ? <Tooltip title={t('form.readOnly')}>{label}</Tooltip> : label}
                  tooltip={help}
                  rules={readOnly ? [] : rulesFor(field, label)}
                  valuePropName="value"
                  data-field={field.apiName}
                >
                  <Input field={field} disabled={readOnly} />
                </Form.Item>
              </Col>
            );
          })}
        </Row>
        <button type="submit" hidden aria-hidden="true" tabIndex={-1} />
      </Form>
    </Drawer>
  );
}
