import { ArrowLeftOutlined, DeleteOutlined, EditOutlined, EyeOutlined, LockOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Descriptions, Popconfirm, Result, Row, Space, Tabs, Tag, Tooltip, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { useObjectDef, usePermissions } from '../api/metadata.ts';
import { useRememberView } from '../api/insights.ts';
import { useDeleteRecord, useRecord, useRecordAccess, type RecordAccess } from '../api/records.ts';
import type { FieldDef, ObjectDef } from '../api/types.ts';
import { labelIn, useLabels } from '../locale/labels.ts';
import { fieldPaths, renderValue, useDisplayContext } from '../fields/field-display.tsx';
import { ActionBar } from '../actions/ActionBar.tsx';
import { ActivityPanel } from '../activities/ActivityPanel.tsx';
import { Customer360 } from './Customer360.tsx';
import { FollowButton } from './FollowButton.tsx';
import { InlineEditCell, inlineEditable } from './InlineEditCell.tsx';
import { PageSpin } from './PageSpin.tsx';
import { RelatedLists } from './RelatedLists.tsx';
import { RecordFormDrawer } from './RecordFormDrawer.tsx';


const SYSTEM_SECTION = new Set(['ownerId', 'createdAt', 'createdBy', 'updatedAt', 'updatedBy']);

/** Sections: the record's own fields, then who owns it and when it changed. */
function sections(object: ObjectDef): { key: 'details' | 'system'; fields: FieldDef[] }[] {
  return [
    { key: 'details', fields: object.fields.filter((f) => f.apiName !== 'id' && !SYSTEM_SECTION.has(f.apiName)) },
    { key: 'system', fields: object.fields.filter((f) => SYSTEM_SECTION.has(f.apiName)) },
  ];
}

export function RecordPage() {
  const { object: apiName = '', id = '' } = useParams();
  const object = useObjectDef(apiName);
  if (object.isPending) return <PageSpin />;
  if (!object.data) return <Result status="404" subTitle={apiName} />;
  return <RecordView key={`${apiName}/${id}`} object={object.data} id={id} />;
}

function RecordView({ object, id }: { object: ObjectDef; id: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const ctx = useDisplayContext();
  const permissionsDocument = usePermissions().data;
  const permissions = permissionsDocument?.objects[object.apiName]?.permissions;
  // The object permission and this record's own access (shares, hierarchy, approval lock): both must allow it.
  // Until the record's access is known nothing is offered, so a reader never sees a button flash by.
  const access = useRecordAccess(object.apiName, id).data;
  const canEdit = Boolean(permissions?.edit && access?.edit);
  const canDelete = Boolean(permissions?.delete && access?.delete);
  const editable = canEdit ? inlineEditable(object, permissionsDocument, true) : new Set<string>();
  const record = useRecord(object.apiName, id, fieldPaths(object.fields));
  const remove = useDeleteRecord(object.apiName);
  const [editing, setEditing] = useState(false);
  const remember = useRememberView();
  const opened = Boolean(record.data);
  // Once per record shown: the home page's recent items.
  useEffect(() => {
    if (opened) remember.mutate({ object: object.apiName, id });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [opened, object.apiName, id]);

  if (record.isPending) return <PageSpin />;
  if (!record.data) return <Result status="404" title={t('record.notFound')} extra={<Link to={`/o/${object.apiName}`}>{t('common.back')}</Link>} />;
  const data = record.data;
  const details = (
    <Space orientation="vertical" size={20} style={{ width: '100%' }}>
      {sections(object).map((section) => (
        <Card key={section.key} title={t(`record.${section.key}`)} className="ml-card">
          <Descriptions
            column={{ xs: 1, sm: 1, md: 2 }}
            layout="vertical"
            colon={false}
            items={section.fields.map((f) => {
              const value = <span data-field={f.apiName}>{renderValue(f, data, ctx)}</span>;
              return {
                key: f.apiName,
                label: ctx.labels.field(f),
                children: editable.has(f.apiName) ? (
                  <InlineEditCell object={object} field={f} record={data}>
                    {value}
                  </InlineEditCell>
                ) : (
                  value
                ),
              };
            })}
          />
        </Card>
      ))}
      <RelatedLists object={object} id={id} />
    </Space>
  );

  return (
    <div className="ml-page">
      <div className="ml-page-header">
        <div className="ml-record-title">
          <Link to={`/o/${object.apiName}`} className="ml-back" aria-label={t('common.back')}>
            <ArrowLeftOutlined /> {ctx.labels.objectPlural(object)}
          </Link>
          <Typography.Title level={3} className="ml-page-title" data-testid="record-name">
            {String(data.name ?? '')}
          </Typography.Title>
          {access && !access.edit ? <ReadOnlyTag access={access} /> : null}
        </div>
        <Space wrap>
          <FollowButton object={object.apiName} id={id} />
          <ActionBar object={object} record={data} canEdit={canEdit} access={access} />
          {canEdit ? (
            <Button icon={<EditOutlined />} type="primary" onClick={() => setEditing(true)} data-testid="record-edit">
              {t('common.edit')}
            </Button>
          ) : null}
          {canDelete ? (
            <Popconfirm
              title={t('common.confirmDelete')}
              okText={t('common.delete')}
              cancelText={t('common.cancel')}
              okButtonProps={{ danger: true, loading: remove.isPending }}
              onConfirm={() =>
                remove.mutateAsync(id).then(() => {
                  message.success(t('common.deleted'));
                  navigate(`/o/${object.apiName}`, { replace: true });
                })
              }
            >
              <Button icon={<DeleteOutlined />} danger data-testid="record-delete">
                {t('common.delete')}
              </Button>
            </Popconfirm>
          ) : null}
        </Space>
      </div>
      <Row gutter={[20, 20]}>
        <Col xs={24} xl={14}>
          {object.apiName === 'account' ? (
            <Tabs
              className="ml-record-tabs"
              items={[
                { key: 'details', label: t('record.details'), children: details },
                { key: 'c360', label: t('c360.tab'), children: <Customer360 account={object} id={id} /> },
              ]}
            />
          ) : (
            details
          )}
        </Col>
        <Col xs={24} xl={10}>
          <ActivityPanel object={object} record={data} />
        </Col>
      </Row>
      {editing ? <RecordFormDrawer object={object} record={data} onClose={() => setEditing(false)} /> : null}
    </div>
  );
}

/** Near the title: the user may read this record but not change it; an approval lock says which process holds it. */
function ReadOnlyTag({ access }: { access: RecordAccess }) {
  const { t } = useTranslation();
  const { locale } = useLabels();
  const locked = access.locked;
  const process = locked ? (typeof locked.process === 'string' ? locked.process : labelIn(locked.process, locale, locked.approvalProcess)) : '';
  return (
    <Space size={4} className="ml-record-access" data-testid="record-read-only">
      <Tooltip title={locked?.message ?? t('record.readOnlyHint')}>
        <Tag icon={locked ? <LockOutlined /> : <EyeOutlined />} color={locked ? 'orange' : undefined}>
          {t('record.readOnly')}
        </Tag>
      </Tooltip>
      {locked ? (
        <Typography.Text type="secondary" className="ml-record-lock" data-testid="record-lock-reason">
          {t('record.lockedBy', { process })}
        </Typography.Text>
      ) : null}
    </Space>
  );
}
