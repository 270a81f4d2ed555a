import { PlusOutlined } from '@ant-design/icons';
import { Button, Empty, Result, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { ProblemError } from '../api/http.ts';
import { useObjectDef, useObjects, usePermissions } from '../api/metadata.ts';
import { useRecordList } from '../api/records.ts';
import type { RecordRow } from '../api/types.ts';
import { useListViews } from '../api/views.ts';
import { useDisplayContext } from '../fields/field-display.tsx';
import { type Condition } from './filter-operators.ts';
import { FilterBuilder } from './FilterBuilder.tsx';
import { kanbanFields } from './kanban-fields.ts';
import { ViewSwitch } from './KanbanBoard.tsx';
import { ColumnChooser } from './ColumnChooser.tsx';
import { relativeLabel } from './relative-values.ts';
import { useListView } from './use-list-view.ts';
import { columnFields, relatedFields, viewTableColumns } from './view-columns.tsx';
import { ViewPicker } from './ViewPicker.tsx';
import { RecordFormDrawer } from './RecordFormDrawer.tsx';
import { PageSpin } from './PageSpin.tsx';
import { ListQuickSearch } from '../search/ListQuickSearch.tsx';
import { BulkActionBar } from './BulkActionBar.tsx';
import { ExportButton } from './ExportButton.tsx';
import { InlineEditCell, inlineEditable } from './InlineEditCell.tsx';
import { loadMoreOnScroll, tableWidth, useFillHeight } from './virtual-table.ts';

/** Any object's records: columns from metadata, server-side sort and filters, keyset pages. */
export function ObjectListPage() {
  const { object: apiName = '' } = useParams();
  const object = useObjectDef(apiName);
  // The list waits for its views: the first one decides its columns, filter and sort.
  const views = useListViews(apiName);
  if (object.isPending || (object.data && views.isPending)) return <PageSpin />;
  if (!object.data) return <Result status="404" subTitle={apiName} />;
  return <ObjectList key={apiName} />;
}

function ObjectList() {
  const { t } = useTranslation();
  const { object: apiName = '' } = useParams();
  const object = useObjectDef(apiName).data!;
  const permissionsDoc = usePermissions().data;
  const permissions = permissionsDoc?.objects[apiName]?.permissions;
  const ctx = useDisplayContext();
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  const [selectedIds, setSelectedIds] = useState<string[]>([]);
  const [tableNode, setTableNode] = useState<HTMLDivElement | null>(null);
  // Table header row and the footer below the table.
  const bodyHeight = useFillHeight(tableNode, 120);

  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? undefined;
  const setQuery = (text: string | undefined) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (text) next.set('q', text);
        else next.delete('q');
        return next;
      },
      { replace: true },
    );
  const objects = useObjects().data ?? [];
  const view = useListView(object, objects);
  const { conditions, sort } = view;
  const list = useRecordList({ object: apiName, fields: columnFields(view.columns), sort: sort || undefined, filter: view.filter, q });
  const rows = list.data?.pages.flatMap((p) => p.records) ?? [];
  const total = list.data?.pages[0]?.total;

  const applyConditions = (next: Condition[]) => view.setConditions(next);

  // A virtual table renders only the rows in view; the next keyset page is fetched as the user scrolls near the end.
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = list;
  const editable = inlineEditable(object, permissionsDoc);
  const columns = viewTableColumns(view.columns, sort || undefined, ctx, (f, record, shown) =>
    editable.has(f.apiName) ? (
      <InlineEditCell object={object} field={f} record={record}>
        {shown}
      </InlineEditCell>
    ) : (
      shown
    ),
  );
  const selectable = Boolean(permissions?.edit || permissions?.delete);

  return (
    <div className="ml-page">
      <div className="ml-page-header">
        <div>
          <Typography.Title level={3} className="ml-page-title">
            {ctx.labels.objectPlural(object)}
          </Typography.Title>
          <ViewPicker object={apiName} views={view.views} current={view.current} state={view.state} modified={view.modified} onSelect={view.select} onReset={view.reset} />
          <Typography.Text type="secondary" data-testid="list-total" className="ml-list-total">
            {total === undefined ? '\u00a0' : t('list.total', { count: total })}
          </Typography.Text>
        </div>
        <Space wrap>
          {kanbanFields(object).length > 0 ? <ViewSwitch object={apiName} view="list" /> : null}
          <ListQuickSearch value={q ?? ''} onChange={setQuery} />
          <FilterBuilder object={object} conditions={conditions} onApply={applyConditions} />
          <ColumnChooser object={object} objects={objects} columns={view.columns.map((c) => c.path)} onChange={view.setColumns} />
          <ExportButton object={apiName} fields={view.columns.map((c) => c.path)} sort={sort || undefined} filter={view.filter} q={q} />
          {permissions?.create ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="new-record">
              {t('list.newRecord', { object: ctx.labels.object(object) })}
            </Button>
          ) : null}
        </Space>
      </div>
      {conditions.length > 0 ? (
        <div className="ml-active-filters" data-testid="active-filters">
          {conditions.map((c) => {
            const field = [...object.fields, ...relatedFields(object, objects)].find((f) => f.apiName === c.field);
            return (
              <Tag key={c.key} closable onClose={() => applyConditions(conditions.filter((x) => x.key !== c.key))}>
                {field ? ctx.labels.field(field) : c.field} {t(`ops.${c.op}`)} {describeValue(c.value, (v) => relativeLabel(t, v) ?? (field?.values ? ctx.labels.value(field, v) : field?.type === 'userRef' ? (ctx.userName(v) ?? v) : v), t('common.yes'), t('common.no'))}
              </Tag>
            );
          })}
        </div>
      ) : null}
      <BulkActionBar object={object} selected={rows.filter((r) => selectedIds.includes(r.id))} onDone={setSelectedIds} />
      {list.error ? (
        <Result status="warning" subTitle={list.error instanceof ProblemError ? list.error.problem.detail : String(list.error)} extra={<Button onClick={() => void list.refetch()}>{t('common.retry')}</Button>} />
      ) : (
        <Table<RecordRow>
          ref={(t) => setTableNode(t?.nativeElement ?? null)}
          className="ml-table"
          data-testid="record-table"
          rowKey="id"
          size="middle"
          loading={list.isPending}
          dataSource={rows}
          columns={columns}
          pagination={false}
          virtual
          scroll={{ x: tableWidth(columns, selectable), y: bodyHeight }}
          onScroll={loadMoreOnScroll(list)}
          rowSelection={selectable ? { selectedRowKeys: selectedIds, onChange: (keys) => setSelectedIds(keys.map(String)), columnWidth: 48 } : undefined}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('list.empty')} /> }}
          onChange={(_p, _f, sorter) => {
            const s = Array.isArray(sorter) ? sorter[0] : sorter;
            view.setSort(s?.order ? `${s.order === 'descend' ? '-' : ''}${String(s.columnKey)}` : undefined);
          }}
          onRow={(record) => ({ onClick: () => navigate(`/o/${apiName}/${record.id}`), className: 'ml-row' })}
        />
      )}
      <div className="ml-list-footer">
        {hasNextPage ? (
          <Space>
            <Typography.Text type="secondary" data-testid="list-loaded">
              {t('listActions.loaded', { loaded: rows.length, total: total ?? rows.length })}
            </Typography.Text>
            <Button size="small" onClick={() => void fetchNextPage()} loading={isFetchingNextPage} data-testid="load-more">
              {t('list.loadMore')}
            </Button>
          </Space>
        ) : rows.length > 0 ? (
          <Typography.Text type="secondary" data-testid="list-loaded">
            {t('list.allLoaded')}
          </Typography.Text>
        ) : null}
      </div>
      {creating ? <RecordFormDrawer object={object} onClose={() => setCreating(false)} onSaved={(r) => navigate(`/o/${apiName}/${r.id}`)} /> : null}
    </div>
  );
}

function describeValue(value: unknown, label: (v: string) => string, yes: string, no: string): string {
  if (value === true) return yes;
  if (value === false) return no;
  if (Array.isArray(value)) return value.map((v) => label(String(v))).join(' – ');
  if (value && typeof value === 'object') return JSON.stringify(value);
  return value === undefined ? '' : label(String(value));
}
