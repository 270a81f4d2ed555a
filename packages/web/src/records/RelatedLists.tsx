import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useObjects, usePermissions } from '../api/metadata.ts';
import { useRecordSlice } from '../api/records.ts';
import type { ObjectDef, RecordRow } from '../api/types.ts';
import { fieldPaths, useDisplayContext } from '../fields/field-display.tsx';
import { listColumns, listFields } from './list-columns.tsx';
import { RecordFormDrawer } from './RecordFormDrawer.tsx';
import { relationsTo, type Relation } from './related-objects.ts';

const ROWS = 5;

/** One compact list per object whose lookup points at this record, generated from metadata. */
export function RelatedLists({ object, id }: { object: ObjectDef; id: string }) {
  const objects = useObjects().data ?? [];
  const relations = relationsTo(object.apiName, objects);
  if (relations.length === 0) return null;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="related-lists">
      {relations.map((r) => (
        <RelatedList key={`${r.object.apiName}.${r.field.apiName}`} relation={r} id={id} parent={object} />
      ))}
    </Space>
  );
}

export function RelatedList({ relation, id, parent }: { relation: Relation; id: string; parent: ObjectDef }) {
  const { t } = useTranslation();
  const ctx = useDisplayContext();
  const navigate = useNavigate();
  const { object, field } = relation;
  const permissions = usePermissions().data?.objects[object.apiName]?.permissions;
  const [creating, setCreating] = useState(false);
  // The lookup back to this record says nothing in a list under it.
  const fields = listFields(object).filter((f) => f.apiName !== field.apiName);
  const filter = { field: field.apiName, op: 'eq', value: id };
  const slice = useRecordSlice({ object: object.apiName, fields: fieldPaths(fields), filter, limit: ROWS, sort: object.fields.some((f) => f.apiName === 'lineNumber') ? 'lineNumber' : '-createdAt' });
  const total = slice.data?.total ?? 0;
  const fieldLabel = ctx.labels.field(field);
  const title = fieldLabel === ctx.labels.object(parent) ? ctx.labels.objectPlural(object) : t('related.via', { object: ctx.labels.objectPlural(object), field: fieldLabel });
  const viewAll = `/o/${object.apiName}?filter=${encodeURIComponent(JSON.stringify([{ key: 'related', field: field.apiName, op: 'eq', value: id }]))}`;

  return (
    <Card
      size="small"
      className="ml-card ml-related"
      data-related={`${object.apiName}.${field.apiName}`}
      title={
        <span>
          {title} <Typography.Text type="secondary">({slice.data ? total : '…'})</Typography.Text>
        </span>
      }
      extra={
        <Space size={4}>
          {total > ROWS ? <Link to={viewAll}>{t('related.viewAll')}</Link> : null}
          {permissions?.create ? (
            <Button size="small" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid={`related-new-${object.apiName}`}>
              {t('common.create')}
            </Button>
          ) : null}
        </Space>
      }
    >
      {slice.data && total === 0 ? (
        <Typography.Text type="secondary" className="ml-related-none">
          {t('related.empty')}
        </Typography.Text>
      ) : (
        <Table<RecordRow>
          className="ml-related-table"
          rowKey="id"
          size="small"
          loading={slice.isPending}
          dataSource={slice.data?.records ?? []}
          columns={listColumns(fields, undefined, ctx).map((c) => ({ ...c, width: c.width ?? 150, sorter: false, fixed: undefined }))}
          pagination={false}
          scroll={{ x: 'max-content' }}
          onRow={(record) => ({ onClick: () => navigate(`/o/${object.apiName}/${record.id}`), className: 'ml-row' })}
        />
      )}
      {creating ? <RecordFormDrawer object={object} defaults={{ [field.apiName]: id }} onClose={() => setCreating(false)} /> : null}
    </Card>
  );
}
