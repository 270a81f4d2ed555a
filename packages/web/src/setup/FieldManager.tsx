import { ArrowLeftOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Result, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useObjectDef } from '../api/metadata.ts';
import type { FieldDef } from '../api/types.ts';
import { PicklistTag } from '../fields/field-display.tsx';
import { useLabels } from '../locale/labels.ts';
import { PageSpin } from '../records/PageSpin.tsx';
import { FieldEditorDrawer } from './FieldEditorDrawer.tsx';
import { ObjectSettingsCard } from './ObjectSettingsCard.tsx';

/** One object: its settings, then its fields — add a field of any type, edit labels, options and picklist values. */
export function FieldManager() {
  const { t } = useTranslation();
  const labels = useLabels();
  const { object: apiName = '' } = useParams();
  const object = useObjectDef(apiName);
  const [editing, setEditing] = useState<FieldDef | 'new' | null>(null);
  if (object.isPending) return <PageSpin />;
  if (!object.data) return <Result status="404" subTitle={apiName} />;
  const def = object.data;

  return (
    <div className="ml-page">
      <div className="ml-page-header">
        <div>
          <Link to="/setup" className="ml-back">
            <ArrowLeftOutlined /> {t('setup.objects')}
          </Link>
          <Typography.Title level={3} className="ml-page-title">
            {labels.object(def)} · {t('setup.fields')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('setup.fieldCount', { count: def.fields.length })}</Typography.Text>
        </div>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="new-field">
          {t('setup.newField')}
        </Button>
      </div>
      <ObjectSettingsCard object={def} />
      <Table<FieldDef>
        className="ml-table"
        rowKey="apiName"
        pagination={false}
        scroll={{ x: 'max-content' }}
        dataSource={def.fields}
        onRow={(f) => ({ onClick: () => setEditing(f), className: 'ml-row' })}
        columns={[
          { key: 'label', title: t('setup.label'), render: (_, f) => <strong>{labels.field(f)}</strong> },
          { key: 'apiName', title: t('setup.apiName'), render: (_, f) => <Typography.Text code>{f.apiName}</Typography.Text> },
          { key: 'type', title: t('setup.type'), render: (_, f) => t(`fieldTypes.${f.type}`) + (f.target ? ` → ${f.target}` : '') },
          { key: 'required', title: t('setup.required'), render: (_, f) => (f.required ? t('common.yes') : '') },
          {
            key: 'kind',
            title: '',
            render: (_, f) => (f.system ? <Tag>{t('setup.system')}</Tag> : <Tag color="blue">{t('setup.custom')}</Tag>),
          },
          {
            key: 'values',
            title: t('setup.picklistValues'),
            render: (_, f) => f.values?.filter((v) => v.active).slice(0, 6).map((v) => <PicklistTag key={v.apiName} field={f} value={v.apiName} labels={labels} />),
          },
        ]}
      />
      {editing ? <FieldEditorDrawer key={editing === 'new' ? 'new' : editing.apiName} object={def} field={editing === 'new' ? undefined : editing} onClose={() => setEditing(null)} /> : null}
    </div>
  );
}
