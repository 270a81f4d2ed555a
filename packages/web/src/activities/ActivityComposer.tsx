import { CheckSquareOutlined, FileTextOutlined, PhoneOutlined } from '@ant-design/icons';
import { Alert, App, Button, Col, Form, Row, Segmented, Select } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { showProblems } from '../actions/problem-fields.ts';
import { usePermissions, useUsers } from '../api/metadata.ts';
import { useSaveRecord } from '../api/records.ts';
import { useMe } from '../api/session.ts';
import type { FieldDef, ObjectDef, RecordRow } from '../api/types.ts';
import { picksOnEnter } from '../fields/enter-key.ts';
import { FIELD_INPUTS } from '../fields/field-inputs.tsx';
import { closedValues, openValues, picklist } from '../home/home-filters.ts';
import { useLabels } from '../locale/labels.ts';
import { formFields } from '../records/form-fields.ts';
import { activityLinks } from './timeline-feed.ts';

type Kind = 'call' | 'task' | 'note';
const KINDS: { kind: Kind; icon: ReactNode }[] = [
  { kind: 'call', icon: <PhoneOutlined /> },
  { kind: 'task', icon: <CheckSquareOutlined /> },
  { kind: 'note', icon: <FileTextOutlined /> },
];
/** The inputs each kind asks for besides subject and description, as activity fields. */
const EXTRA: Record<Kind, string[]> = { call: ['direction', 'durationMinutes'], task: ['dueAt', 'ownerId'], note: [] };

/** Log a call, add a task or a note on this record, in place: an `activity` linked to it (and to its account and contact). */
export function ActivityComposer({ activity, object, record }: { activity: ObjectDef; object: ObjectDef; record: RecordRow }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const { message } = App.useApp();
  const me = useMe().data;
  const permissions = usePermissions().data;
  const users = useUsers().data ?? [];
  const save = useSaveRecord('activity');
  const [form] = Form.useForm<Record<string, unknown>>();
  const [other, setOther] = useState<string[]>([]);
  const kindField = picklist(activity, 'kind');
  const kinds = KINDS.filter((k) => kindField?.values?.some((v) => v.apiName === k.kind && v.active));
  const [kind, setKind] = useState<Kind>(kinds[0]?.kind ?? 'note');
  const editable = new Map(formFields(activity, permissions).filter((f) => !f.readOnly).map((f) => [f.field.apiName, f.field]));
  const ownerAccess = permissions?.objects.activity?.fields.ownerId ?? 'editable';
  const inputs = ['name', ...EXTRA[kind], 'description'].filter((name) => editable.has(name) || (name === 'ownerId' && ownerAccess === 'editable'));
  const status = picklist(activity, 'status');
  if (kinds.length === 0) return null;

  const submit = (values: Record<string, unknown>) => {
    // A call or a note is logged once it happened; a task stays open until someone marks it done.
    const state = kind === 'task' ? openValues(status)[0] : closedValues(status)[0];
    const body: Record<string, unknown> = { kind, ...activityLinks(activity, object, record), ...(state ? { status: state } : {}) };
    if (kind === 'call' && activity.fields.some((f) => f.apiName === 'startAt')) body.startAt = new Date().toISOString();
    for (const name of inputs) if (values[name] !== undefined && values[name] !== null && values[name] !== '') body[name] = values[name];
    setOther([]);
    save.mutate(
      { values: body },
      {
        onSuccess: () => {
          message.success(t(`composer.saved.${kind}`));
          form.resetFields();
        },
        onError: (error) => setOther(showProblems(form, error, inputs, t('common.error'))),
      },
    );
  };

  const input = (name: string): ReactNode => {
    if (name === 'ownerId')
      return (
        <Select
          showSearch={{ optionFilterProp: 'label' }}
          options={users.filter((u) => u.active || u.id === me?.id).map((u) => ({ value: u.id, label: u.name }))}
        />
      );
    const field = editable.get(name) as FieldDef;
    const Field = FIELD_INPUTS[field.type];
    return <Field field={field} />;
  };
  const label = (name: string): string => (name === 'ownerId' ? t('composer.assignee') : name === 'name' ? t('composer.subject') : labels.field(editable.get(name)!));

  return (
    <div className="ml-composer" data-testid="composer">
      <Segmented<Kind>
        block
        className="ml-composer-kinds"
        aria-label={t('composer.kinds')}
        value={kind}
        onChange={(k) => {
          setKind(k);
          setOther([]);
        }}
        options={kinds.map((k) => ({ value: k.kind, icon: k.icon, label: t(`composer.${k.kind}`) }))}
      />
      <Form form={form} name={`composer-${kind}`} layout="vertical" onFinish={submit} initialValues={{ ownerId: me?.id }} requiredMark={false} className="ml-composer-form" onKeyDown={(e) => picksOnEnter(e) && e.preventDefault()}>
        <Row gutter={12}>
          {inputs.map((name) => (
            <Col key={name} xs={24} sm={name === 'name' || name === 'description' ? 24 : 12}>
              <Form.Item name={name} label={label(name)} rules={name === 'name' ? [{ required: true, message: t('form.required', { field: label(name) }) }] : []}>
                {input(name)}
              </Form.Item>
            </Col>
          ))}
        </Row>
        {other.length > 0 ? <Alert type="error" showIcon className="ml-dialog-alert" title={other.join(' ')} /> : null}
        <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="composer-save">
          {t(`composer.save.${kind}`)}
        </Button>
      </Form>
    </div>
  );
}
