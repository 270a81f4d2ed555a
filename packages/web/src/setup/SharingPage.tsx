import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, Input, Modal, Radio, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { plainMessage, showProblems } from '../actions/problem-fields.ts';
import { ProblemError } from '../api/http.ts';
import { useObjects } from '../api/metadata.ts';
import type { ObjectDef } from '../api/types.ts';
import { useLabels } from '../locale/labels.ts';
import { FilterBuilder } from '../records/FilterBuilder.tsx';
import { toFilter, type Condition, type FilterOp } from '../records/filter-operators.ts';
import { SetupPageHeader, useConfirmedDelete } from './SetupPage.tsx';
import { useAdminChange, useSharingRules, type Grantee, type SharingRule } from './admin-api.ts';
import { GranteePicker, useGranteeName } from './GranteePicker.tsx';
import { settingProblem, sharingModelChoices, sharingModelOf } from './object-settings.ts';
import { useSaveObject } from './setup-api.ts';

type Leaf = { field: string; op: FilterOp; value?: unknown };
/** The conditions of a rule's criteria (a leaf or an `and` of leaves, as the filter builder makes them). */
function conditionsOf(criteria: unknown): Condition[] {
  const leaves = (criteria && typeof criteria === 'object' && 'and' in criteria ? (criteria as { and: unknown[] }).and : criteria ? [criteria] : []) as Leaf[];
  return leaves.filter((l) => l && typeof l.field === 'string').map((l, i) => ({ key: `r${i}`, field: l.field, op: l.op, value: l.value }));
}

/** Who sees records they do not own: each object's default, then the rules that open records up to more people. */
export function SharingPage() {
  const { t } = useTranslation();
  return (
    <div className="ml-page">
      <SetupPageHeader title={t('setupAdmin.sharing.title')} subtitle={t('setupAdmin.sharing.subtitle')} />
      <OrgWideDefaults />
      <SharingRules />
    </div>
  );
}

function OrgWideDefaults() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const labels = useLabels();
  const objects = useObjects();
  const save = useSaveObject();
  const [problems, setProblems] = useState<Record<string, string>>({});
  const choose = (o: ObjectDef, sharingModel: string) =>
    save.mutate(
      { apiName: o.apiName, body: { sharingModel } },
      {
        onSuccess: () => {
          setProblems(({ [o.apiName]: _done, ...rest }) => rest);
          message.success(t('common.saved'));
        },
        onError: (error) => setProblems((p) => ({ ...p, [o.apiName]: settingProblem(error, 'sharingModel', t('common.error')) })),
      },
    );
  return (
    <Card className="ml-card ml-section" title={t('setupAdmin.sharing.defaults')} size="small">
      <Typography.Paragraph type="secondary">{t('setupAdmin.sharing.defaultsHelp')}</Typography.Paragraph>
      <Table<ObjectDef>
        size="small"
        rowKey="apiName"
        loading={objects.isPending}
        dataSource={objects.data}
        pagination={false}
        scroll={{ x: 'max-content' }}
        columns={[
          { key: 'object', title: t('setupAdmin.holders.object'), render: (_, o) => <strong>{labels.objectPlural(o)}</strong> },
          {
            key: 'model',
            title: t('setup.sharingModel'),
            render: (_, o) => (
              <div>
                <Select
                  className="ml-owd-select"
                  aria-label={`${labels.objectPlural(o)}: ${t('setup.sharingModel')}`}
                  value={sharingModelOf(o)}
                  status={problems[o.apiName] ? 'error' : undefined}
                  options={sharingModelChoices(o).map((m) => ({ value: m, label: t(`setupAdmin.models.${m}`) }))}
                  onChange={(m: string) => choose(o, m)}
                  data-testid={`owd-${o.apiName}`}
                />
                {problems[o.apiName] ? <div className="ml-row-problem ant-form-item-explain-error">{problems[o.apiName]}</div> : null}
              </div>
            ),
          },
        ]}
      />
    </Card>
  );
}

function SharingRules() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const labels = useLabels();
  const objects = useObjects().data ?? [];
  const rules = useSharingRules();
  const change = useAdminChange();
  const confirmDelete = useConfirmedDelete();
  const granteeName = useGranteeName();
  const [editing, setEditing] = useState<SharingRule | 'new' | null>(null);
  const objectLabel = (name: string) => {
    const o = objects.find((x) => x.apiName === name);
    return o ? labels.objectPlural(o) : name;
  };
  const remove = (r: SharingRule) =>
    confirmDelete({ title: t('setupAdmin.sharing.confirmDelete', { name: r.name }), path: `/api/admin/sharing-rules/${r.id}` });
  return (
    <Card
      className="ml-card ml-section"
      size="small"
      title={t('setupAdmin.sharing.rules')}
      extra={
        <Button type="primary" size="small" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="new-sharing-rule">
          {t('setupAdmin.sharing.newRule')}
        </Button>
      }
    >
      <Table<SharingRule>
        size="small"
        rowKey="id"
        loading={rules.isPending}
        dataSource={rules.data}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('setupAdmin.sharing.noRules') }}
        columns={[
          { key: 'name', title: t('setupAdmin.holders.name'), render: (_, r) => <strong>{r.name}</strong> },
          { key: 'object', title: t('setupAdmin.holders.object'), render: (_, r) => objectLabel(r.object) },
          { key: 'match', title: t('setupAdmin.sharing.matches'), render: (_, r) => (r.ownedBy ? t('setupAdmin.sharing.ownedByText', { who: granteeName(r.ownedBy) }) : t('setupAdmin.sharing.criteriaText', { count: conditionsOf(r.criteria).length })) },
          { key: 'with', title: t('setupAdmin.sharing.sharedWith'), render: (_, r) => granteeName(r.sharedWith) },
          { key: 'access', title: t('setupAdmin.sharing.access'), render: (_, r) => t(`setupAdmin.sharing.${r.access}`) },
          {
            key: 'actions',
            title: <span className="ml-sr-only">{t('common.actions')}</span>,
            render: (_, r) => (
              <Space>
                <Button size="small" onClick={() => setEditing(r)}>
                  {t('common.edit')}
                </Button>
                <Button size="small" danger onClick={() => remove(r)}>
                  {t('common.delete')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      {editing ? <SharingRuleDialog rule={editing === 'new' ? undefined : editing} objects={objects} onClose={() => setEditing(null)} /> : null}
    </Card>
  );
}

type RuleValues = { object: string; name: string; description?: string | null; by: 'criteria' | 'owner'; ownedBy?: Partial<Grantee>; sharedWith: Partial<Grantee>; access: 'read' | 'edit' };

function SharingRuleDialog({ rule, objects, onClose }: { rule?: SharingRule; objects: ObjectDef[]; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const labels = useLabels();
  const change = useAdminChange();
  const [form] = Form.useForm<RuleValues>();
  const [conditions, setConditions] = useState<Condition[]>(conditionsOf(rule?.criteria));
  const [criteriaProblem, setCriteriaProblem] = useState<string[]>([]);
  const objectName: string | undefined = Form.useWatch('object', form) ?? rule?.object;
  const by: RuleValues['by'] = Form.useWatch('by', form) ?? (rule?.ownedBy ? 'owner' : 'criteria');
  const object = objects.find((o) => o.apiName === objectName);
  const initial: Partial<RuleValues> = rule
    ? { ...rule, by: rule.ownedBy ? 'owner' : 'criteria', ownedBy: rule.ownedBy ?? { type: 'role' } }
    : { by: 'criteria', access: 'read', sharedWith: { type: 'role' }, ownedBy: { type: 'role' } };

  const submit = (v: RuleValues) => {
    const body: Record<string, unknown> = { name: v.name.trim(), description: v.description || null, sharedWith: v.sharedWith, access: v.access };
    if (!rule) body.object = v.object;
    // The API takes exactly one way of matching records; "all records" is an empty `and`.
    if (v.by === 'owner') body.ownedBy = v.ownedBy;
    else body.criteria = toFilter(conditions) ?? { and: [] };
    change.mutate(rule ? { method: 'PATCH', path: `/api/admin/sharing-rules/${rule.id}`, body } : { method: 'POST', path: '/api/admin/sharing-rules', body }, {
      onSuccess: () => {
        message.success(rule ? t('common.saved') : t('common.created'));
        onClose();
      },
      onError: (error) => {
        const rest = showProblems(form, error, ['object', 'name', 'description', 'ownedBy', 'sharedWith', 'access'], t('common.error'));
        const criteria = error instanceof ProblemError ? (error.problem.errors ?? []).filter((e) => e.field.startsWith('criteria')).map(plainMessage) : [];
        setCriteriaProblem(criteria);
        rest.filter((m) => !criteria.includes(m)).forEach((m) => message.error(m));
      },
    });
  };
  const granteeRule = { validator: (_r: unknown, g?: Partial<Grantee>) => (g?.type && g.id ? Promise.resolve() : Promise.reject(new Error(t('setupAdmin.grantees.pick')))) };

  return (
    <Modal open width={720} title={rule ? t('setupAdmin.sharing.editRule') : t('setupAdmin.sharing.newRule')} okText={t('common.save')} cancelText={t('common.cancel')} confirmLoading={change.isPending} onOk={() => form.submit()} onCancel={onClose} destroyOnHidden>
      <Form<RuleValues> form={form} layout="vertical" initialValues={initial} onFinish={submit} data-testid="sharing-rule-form">
        <Form.Item name="object" label={t('setupAdmin.holders.object')} rules={[{ required: true }]}>
          <Select disabled={Boolean(rule)} showSearch={{ optionFilterProp: 'label' }} options={objects.map((o) => ({ value: o.apiName, label: labels.objectPlural(o) }))} onChange={() => setConditions([])} />
        </Form.Item>
        <Form.Item name="name" label={t('setupAdmin.holders.name')} rules={[{ required: true, whitespace: true, max: 100 }]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="by" label={t('setupAdmin.sharing.matches')}>
          <Radio.Group options={[{ value: 'criteria', label: t('setupAdmin.sharing.byCriteria') }, { value: 'owner', label: t('setupAdmin.sharing.byOwner') }]} />
        </Form.Item>
        {by === 'owner' ? (
          <Form.Item name="ownedBy" label={t('setupAdmin.sharing.ownedBy')} rules={[granteeRule]}>
            <GranteePicker label={t('setupAdmin.sharing.ownedBy')} />
          </Form.Item>
        ) : (
          <Form.Item label={t('setupAdmin.sharing.criteria')} validateStatus={criteriaProblem.length > 0 ? 'error' : undefined} help={criteriaProblem.length > 0 ? criteriaProblem.join(' ') : t('setupAdmin.sharing.criteriaHelp', { count: conditions.length })}>
            {object ? <FilterBuilder object={object} conditions={conditions} onApply={setConditions} /> : <Typography.Text type="secondary">{t('setupAdmin.sharing.pickObject')}</Typography.Text>}
          </Form.Item>
        )}
        <Form.Item name="sharedWith" label={t('setupAdmin.sharing.sharedWith')} rules={[granteeRule]}>
          <GranteePicker label={t('setupAdmin.sharing.sharedWith')} />
        </Form.Item>
        <Form.Item name="access" label={t('setupAdmin.sharing.access')}>
          <Radio.Group options={[{ value: 'read', label: t('setupAdmin.sharing.read') }, { value: 'edit', label: t('setupAdmin.sharing.edit') }]} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
