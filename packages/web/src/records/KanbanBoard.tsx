import { AppstoreOutlined, MoreOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Dropdown, Result, Segmented, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { plainMessage } from '../actions/problem-fields.ts';
import { api, ProblemError } from '../api/http.ts';
import { useObjectDef, usePermissions } from '../api/metadata.ts';
import { useRecordSlice } from '../api/records.ts';
import type { FieldDef, ObjectDef, RecordPage, RecordRow } from '../api/types.ts';
import { fieldPaths, renderValue, useDisplayContext } from '../fields/field-display.tsx';
import { kanbanFields } from './kanban-fields.ts';
import { listFields } from './list-columns.tsx';
import { PageSpin } from './PageSpin.tsx';

const CARDS = 500;

/** `/o/{object}/board?field=…`: a column per picklist value, cards dragged between them PATCH the field. */
export function KanbanPage() {
  const { object: apiName = '' } = useParams();
  const object = useObjectDef(apiName);
  const [params] = useSearchParams();
  if (object.isPending) return <PageSpin />;
  const fields = object.data ? kanbanFields(object.data) : [];
  const field = fields.find((f) => f.apiName === params.get('field')) ?? fields[0];
  if (!object.data || !field) return <Result status="404" subTitle={apiName} />;
  return <Board key={`${apiName}.${field.apiName}`} object={object.data} field={field} fields={fields} />;
}

function Board({ object, field, fields }: { object: ObjectDef; field: FieldDef; fields: FieldDef[] }) {
  const { t } = useTranslation();
  const ctx = useDisplayContext();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const client = useQueryClient();
  const canEdit = Boolean(usePermissions().data?.objects[object.apiName]?.permissions.edit);
  const [over, setOver] = useState<string | null>(null);
  const shown = listFields(object).filter((f) => f.apiName !== 'name' && f.apiName !== field.apiName).slice(0, 3);
  const params = { object: object.apiName, fields: fieldPaths([...object.fields.filter((f) => f.apiName === 'name'), field, ...shown]), limit: CARDS, sort: '-updatedAt' };
  const cards = useRecordSlice(params);
  const key = ['records', object.apiName, 'slice', params];

  const move = useMutation({
    mutationFn: ({ id, value }: { id: string; value: string }) => api<RecordRow>(`/api/records/${object.apiName}/${id}`, { method: 'PATCH', body: { [field.apiName]: value } }),
    // The card moves at once; a refusal puts it back where it was.
    onMutate: async ({ id, value }) => {
      await client.cancelQueries({ queryKey: key });
      const before = client.getQueryData<RecordPage>(key);
      if (before) client.setQueryData<RecordPage>(key, { ...before, records: before.records.map((r) => (r.id === id ? { ...r, [field.apiName]: value } : r)) });
      return { before };
    },
    onError: (error, { id, value }, context) => {
      if (context?.before) client.setQueryData(key, context.before);
      const reasons = error instanceof ProblemError ? [...new Set((error.problem.errors ?? []).map(plainMessage))].join(' ') || error.problem.detail || error.problem.title : t('common.error');
      message.error({ content: t('kanban.refused', { from: ctx.labels.value(field, String(context?.before?.records.find((r) => r.id === id)?.[field.apiName] ?? '')), to: ctx.labels.value(field, value), reason: reasons }), duration: 6, className: 'ml-board-refusal' });
    },
    onSuccess: (_r, { value }) => message.success(t('kanban.moved', { value: ctx.labels.value(field, value) })),
    onSettled: () => client.invalidateQueries({ queryKey: ['records', object.apiName] }),
  });
  const drop = (id: string, value: string) => {
    const card = cards.data?.records.find((r) => r.id === id);
    if (card && card[field.apiName] !== value) move.mutate({ id, value });
  };

  const values = [...(field.values ?? [])].sort((a, b) => a.order - b.order).filter((v) => v.active);
  const rows = cards.data?.records ?? [];
  return (
    <div className="ml-page ml-page-wide">
      <div className="ml-page-header">
        <div>
          <Typography.Title level={3} className="ml-page-title">
            {ctx.labels.objectPlural(object)}
          </Typography.Title>
          <Typography.Text type="secondary">{cards.data ? t('list.total', { count: cards.data.total ?? rows.length }) : '\u00a0'}</Typography.Text>
        </div>
        <Space wrap>
          {fields.length > 1 ? (
            <Select aria-label={t('kanban.groupBy')} value={field.apiName} options={fields.map((f) => ({ value: f.apiName, label: ctx.labels.field(f) }))} onChange={(f: string) => navigate(`/o/${object.apiName}/board?field=${f}`)} style={{ minWidth: 140 }} />
          ) : null}
          <ViewSwitch object={object.apiName} view="board" />
        </Space>
      </div>
      {cards.isPending ? (
        <PageSpin />
      ) : (
        <div className="ml-board" data-testid="board">
          {values.map((v) => {
            const inColumn = rows.filter((r) => r[field.apiName] === v.apiName);
            return (
              <section
                key={v.apiName}
                className={over === v.apiName ? 'ml-board-column ml-drop' : 'ml-board-column'}
                style={{ ['--ml-col' as string]: v.color ?? '#adb5bd' }}
                aria-label={ctx.labels.value(field, v.apiName)}
                data-column={v.apiName}
                onDragOver={(e) => {
                  if (!canEdit) return;
                  e.preventDefault();
                  setOver(v.apiName);
                }}
                onDragLeave={() => setOver((o) => (o === v.apiName ? null : o))}
                onDrop={(e) => {
                  e.preventDefault();
                  setOver(null);
                  drop(e.dataTransfer.getData('text/plain'), v.apiName);
                }}
              >
                <div className="ml-board-head">
                  <span>{ctx.labels.value(field, v.apiName)}</span>
                  <Typography.Text type="secondary">{inColumn.length}</Typography.Text>
                </div>
                {inColumn.map((r) => (
                  <article key={r.id} className="ml-board-card" draggable={canEdit} tabIndex={0} data-card={r.id} aria-label={String(r.name ?? r.id)} onDragStart={(e) => e.dataTransfer.setData('text/plain', r.id)} onKeyDown={(e) => e.key === 'Enter' && e.target === e.currentTarget && navigate(`/o/${object.apiName}/${r.id}`)}>
                    <Space align="start" style={{ width: '100%', justifyContent: 'space-between' }}>
                      <Link className="ml-board-card-title" to={`/o/${object.apiName}/${r.id}`} draggable={false}>
                        {String(r.name ?? '')}
                      </Link>
                      {canEdit ? (
                        <Dropdown trigger={['click']} menu={{ items: values.filter((x) => x.apiName !== v.apiName).map((x) => ({ key: x.apiName, label: ctx.labels.value(field, x.apiName) })), onClick: ({ key: to }) => drop(r.id, to) }}>
                          <Button size="small" type="text" icon={<MoreOutlined />} aria-label={t('kanban.moveTo')} data-testid="card-move" />
                        </Dropdown>
                      ) : null}
                    </Space>
                    <div className="ml-board-card-meta">
                      {shown.map((f) => (r[f.apiName] === null || r[f.apiName] === undefined ? null : <span key={f.apiName}>{renderValue(f, r, ctx)}</span>))}
                    </div>
                  </article>
                ))}
                {inColumn.length === 0 ? <Typography.Text type="secondary" className="ml-board-empty">{t('kanban.empty')}</Typography.Text> : null}
              </section>
            );
          })}
        </div>
      )}
    </div>
  );
}

/** List ↔ board, shown where the object has a picklist worth a board. */
export function ViewSwitch({ object, view }: { object: string; view: 'list' | 'board' }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Segmented
      data-testid="view-switch"
      value={view}
      onChange={(v) => navigate(v === 'board' ? `/o/${object}/board` : `/o/${object}`)}
      options={[
        { value: 'list', icon: <UnorderedListOutlined />, label: t('kanban.list') },
        { value: 'board', icon: <AppstoreOutlined />, label: t('kanban.board') },
      ]}
    />
  );
}
