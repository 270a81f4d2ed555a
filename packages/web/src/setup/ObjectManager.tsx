import { PlusOutlined } from '@ant-design/icons';
import { App, Form, Input, Modal, Table, Typography, Button } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ProblemError } from '../api/http.ts';
import { useObjects } from '../api/metadata.ts';
import type { LocalizedText, ObjectDef } from '../api/types.ts';
import { useLabels } from '../locale/labels.ts';
import { cleanLabels, LabelsInput } from './LabelsInput.tsx';
import { useCreateObject } from './setup-api.ts';

type NewObject = { apiName: string; label: LocalizedText; pluralLabel: LocalizedText };

/** Every object of the workspace; a new one is a table with its system fields, ready for fields. */
export function ObjectManager() {
  const { t } = useTranslation();
  const labels = useLabels();
  const { message } = App.useApp();
  const objects = useObjects();
  const navigate = useNavigate();
  const create = useCreateObject();
  const [form] = Form.useForm<NewObject>();
  const [open, setOpen] = useState(false);

  const submit = (v: NewObject) => {
    const plural = cleanLabels(v.pluralLabel);
    create.mutate(
      { apiName: v.apiName, label: cleanLabels(v.label), ...(Object.keys(plural).length > 0 ? { pluralLabel: plural } : {}) },
      {
        onSuccess: (o) => {
          message.success(t('common.created'));
          setOpen(false);
          navigate(`/setup/objects/${o.apiName}`);
        },
        onError: (error) => {
          const problem = error instanceof ProblemError ? error.problem : undefined;
          const named = (problem?.errors ?? []).filter((e) => ['apiName', 'label', 'pluralLabel'].includes(e.field.split('.')[0]!));
          form.setFields(named.map((e) => ({ name: e.field.split('.')[0] as keyof NewObject, errors: [e.message] })));
          if (named.length === 0) message.error(problem?.detail ?? t('common.error'));
        },
      },
    );
  };

  return (
    <div className="ml-page">
      <div className="ml-page-header">
        <Typography.Title level={3} className="ml-page-title">
          {t('setup.objects')}
        </Typography.Title>
        <Button
          type="primary"
          icon={<PlusOutlined />}
          data-testid="new-object"
          onClick={() => {
            form.resetFields();
            setOpen(true);
          }}
        >
          {t('setup.newObject')}
        </Button>
      </div>
      <Table<ObjectDef>
        className="ml-table"
        rowKey="apiName"
        loading={objects.isPending}
        pagination={false}
        dataSource={objects.data}
        scroll={{ x: 'max-content' }}
        onRow={(o) => ({ onClick: () => navigate(`/setup/objects/${o.apiName}`), className: 'ml-row' })}
        columns={[
          { key: 'label', title: t('setup.label'), render: (_, o) => <strong>{labels.object(o)}</strong> },
          { key: 'apiName', title: t('setup.apiName'), render: (_, o) => <Typography.Text code>{o.apiName}</Typography.Text> },
          { key: 'fields', title: t('setup.fields'), render: (_, o) => t('setup.fieldCount', { count: o.fields.length }) },
          { key: 'sharing', title: t('setup.sharingModel'), render: (_, o) => t(`setupAdmin.models.${o.sharingModel ?? 'publicReadWrite'}`) },
        ]}
      />
      <Modal open={open} title={t('setup.newObject')} okText={t('common.create')} cancelText={t('common.cancel')} confirmLoading={create.isPending} onOk={() => form.submit()} onCancel={() => setOpen(false)} width={640} destroyOnHidden>
        <Form<NewObject> form={form} layout="vertical" onFinish={submit} initialValues={{ label: {}, pluralLabel: {} }} data-testid="object-form">
          <Form.Item name="apiName" label={t('setup.apiName')} extra={t('setup.apiNameHelp')} rules={[{ required: true, pattern: /^[a-z][A-Za-z0-9]{0,39}$/ }]}>
            <Input autoComplete="off" />
          </Form.Item>
          <Form.Item name="label" label={t('setup.label')} rules={[{ validator: (_r, v: LocalizedText) => (Object.keys(cleanLabels(v)).length > 0 ? Promise.resolve() : Promise.reject(new Error(t('form.required', { field: t('setup.label') })))) }]}>
            <LabelsInput />
          </Form.Item>
          <Form.Item name="pluralLabel" label={t('setup.pluralLabel')}>
            <LabelsInput />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
