import { App, Button, Col, Drawer, Form, Input, InputNumber, Row, Select, Space, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { ProblemError } from '../api/http.ts';
import { useObjects } from '../api/metadata.ts';
import type { FieldDef, FieldType, LocalizedText, ObjectDef } from '../api/types.ts';
import { useLabels } from '../locale/labels.ts';
import { cleanLabels, LabelsInput } from './LabelsInput.tsx';
import { PicklistValuesEditor, type ValueDraft } from './PicklistValuesEditor.tsx';
import { useSaveField } from './setup-api.ts';

/** Types a customer can add, in the order the picker offers them. */
export const CUSTOM_TYPES = ['text', 'longText', 'richText', 'integer', 'decimal', 'currency', 'percent', 'boolean', 'date', 'datetime', 'email', 'phone', 'url', 'picklist', 'multiPicklist', 'lookup', 'masterDetail', 'autoNumber', 'json'] as const satisfies readonly FieldType[];

const HAS_LENGTH = new Set<FieldType>(['text', 'longText', 'richText', 'email', 'phone', 'url']);
const HAS_DIGITS = new Set<FieldType>(['decimal', 'currency', 'percent']);
const HAS_VALUES = new Set<FieldType>(['picklist', 'multiPicklist']);
const HAS_TARGET = new Set<FieldType>(['lookup', 'masterDetail']);

type Values = { apiName: string; type: FieldType; label: LocalizedText; required: boolean; unique: boolean; maxLength?: number; precision?: number; scale?: number; target?: string; pattern?: string; values?: ValueDraft[] };
type Props = { object: ObjectDef; field?: FieldDef; onClose: () => void };

/** Adds a field of any type, or edits one: labels in three languages, options of its type, picklist values. */
export function FieldEditorDrawer({ object, field, onClose }: Props) {
  const { t } = useTranslation();
  const labels = useLabels();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const objects = useObjects().data ?? [];
  const save = useSaveField(object.apiName);
  const type: FieldType = Form.useWatch('type', form) ?? field?.type ?? 'text';
  const system = field?.system ?? false;

  const initial: Partial<Values> = field
    ? { ...field, values: field.values?.map((v) => ({ apiName: v.apiName, label: v.label, color: v.color, active: v.active, isNew: false })) }
    : { type: 'text', required: false, unique: false, label: {} };

  const submit = (v: Values) => {
    const body: Record<string, unknown> = { label: cleanLabels(v.label) };
    if (!field) Object.assign(body, { apiName: v.apiName, type: v.type });
    if (!system) {
      body.required = v.required;
      if (HAS_LENGTH.has(type) && v.maxLength) body.maxLength = v.maxLength;
      if (HAS_DIGITS.has(type) && v.precision) Object.assign(body, { precision: v.precision, scale: v.scale ?? 0 });
      if (HAS_TARGET.has(type) && !field) body.target = v.target;
      if (type === 'autoNumber' && v.pattern) body.pattern = v.pattern;
      if (['text', 'email', 'phone', 'integer'].includes(type)) body.unique = v.unique;
      if (HAS_VALUES.has(type))
        body.values = (v.values ?? []).map((x) => ({ apiName: x.apiName.trim(), label: cleanLabels(x.label), active: x.active, ...(x.color ? { color: x.color } : {}) }));
    }
    save.mutate(
      { apiName: field?.apiName, body },
      {
        onSuccess: () => {
          message.success(field ? t('common.saved') : t('common.created'));
          onClose();
        },
        onError: (error) => {
          const problem = error instanceof ProblemError ? error.problem : undefined;
          const named = (problem?.errors ?? []).filter((e) => ['apiName', 'type', 'label', 'maxLength', 'precision', 'scale', 'target', 'pattern', 'values'].includes(e.field.split(/[.[]/)[0]!));
          form.setFields(named.map((e) => ({ name: e.field.split(/[.[]/)[0] as keyof Values, errors: [e.message] })));
          if (named.length === 0) message.error(problem?.detail ?? t('common.error'));
        },
      },
    );
  };

  return (
    <Drawer
      open
      size={760}
      title={field ? `${t('setup.editField')} · ${labels.field(field)}` : t('setup.newField')}
      onClose={onClose}
      footer={
        <Space className="ml-drawer-footer">
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="field-save">
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      <Form<Values> form={form} layout="vertical" initialValues={initial} onFinish={submit} data-testid="field-form">
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="apiName" label={t('setup.apiName')} extra={field ? undefined : t('setup.apiNameHelp')} rules={[{ required: !field, pattern: /^[a-z][A-Za-z0-9]{0,39}$/ }]}>
              <Input disabled={Boolean(field)} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="type" label={t('setup.type')}>
              <Select disabled={Boolean(field)} showSearch={{ optionFilterProp: 'label' }} options={CUSTOM_TYPES.map((ft) => ({ value: ft, label: t(`fieldTypes.${ft}`) }))} data-testid="field-type" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="label" label={t('setup.label')} rules={[{ validator: (_r, v: LocalizedText) => (Object.keys(cleanLabels(v)).length > 0 ? Promise.resolve() : Promise.reject(new Error(t('form.required', { field: t('setup.label') })))) }]}>
          <LabelsInput />
        </Form.Item>
        {system ? null : (
          <Row gutter={16}>
            <Col xs={12} md={6}>
              <Form.Item name="required" label={t('setup.required')} valuePropName="checked">
                <Switch />
              </Form.Item>
            </Col>
            {['text', 'email', 'phone', 'integer'].includes(type) ? (
              <Col xs={12} md={6}>
                <Form.Item name="unique" label={t('setup.unique')} valuePropName="checked">
                  <Switch />
                </Form.Item>
              </Col>
            ) : null}
            {HAS_LENGTH.has(type) ? (
              <Col xs={24} md={12}>
                <Form.Item name="maxLength" label={t('setup.maxLength')}>
                  <InputNumber min={1} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            ) : null}
            {HAS_DIGITS.has(type) ? (
              <>
                <Col xs={12} md={6}>
                  <Form.Item name="precision" label={t('setup.precision')}>
                    <InputNumber min={1} max={38} style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
                <Col xs={12} md={6}>
                  <Form.Item name="scale" label={t('setup.scale')}>
                    <InputNumber min={0} max={18} style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
              </>
            ) : null}
            {HAS_TARGET.has(type) ? (
              <Col xs={24} md={12}>
                <Form.Item name="target" label={t('setup.target')} rules={[{ required: true }]}>
                  <Select disabled={Boolean(field)} options={objects.map((o) => ({ value: o.apiName, label: labels.object(o) }))} />
                </Form.Item>
              </Col>
            ) : null}
            {type === 'autoNumber' ? (
              <Col xs={24} md={12}>
                <Form.Item name="pattern" label={t('fieldTypes.autoNumber')}>
                  <Input placeholder="Q-{YYYY}-{000000}" />
                </Form.Item>
              </Col>
            ) : null}
          </Row>
        )}
        {HAS_VALUES.has(type) && !system ? (
          <Form.Item name="values" label={t('setup.picklistValues')}>
            <PicklistValuesEditor />
          </Form.Item>
        ) : null}
      </Form>
    </Drawer>
  );
}
