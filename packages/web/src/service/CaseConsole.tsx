import { ArrowLeftOutlined, ClockCircleOutlined, ExportOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Empty, Result, Space, Spin, Tabs, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useObjectDef, usePermissions } from '../api/metadata.ts';
import { useRecord, useRecordAccess, useRecordList } from '../api/records.ts';
import type { FieldDef, ObjectDef, RecordRow } from '../api/types.ts';
import { ActionBar } from '../actions/ActionBar.tsx';
import { ActivityPanel } from '../activities/ActivityPanel.tsx';
import { fieldPaths, PicklistTag, renderValue, useDisplayContext } from '../fields/field-display.tsx';
import { InlineEditCell, inlineEditable } from '../records/InlineEditCell.tsx';
import { PageSpin } from '../records/PageSpin.tsx';
import { isQueueTab, QUEUE_FIELDS, QUEUE_SORT, QUEUE_TABS, queueFilter, sinceOrUntil, type QueueTab } from './case-queue.ts';
import { SurveyResult } from './SurveyResult.tsx';

const QUEUE_PAGE = 30;
/** The facts an agent works from, in this order; the record page has the rest. */
const FACTS = ['account', 'contact', 'status', 'priority', 'type', 'channel', 'slaDueAt', 'ownerId', 'description'];

/** Now, moved on every minute, so "逾期 2 小时" stays true while the console is open. */
function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 60_000);
    return () => window.clearInterval(timer);
  }, []);
  return now;
}

/**
 * The service console (/service): the open-case queue on the left, the selected case
 * (`?case=`) on the right with its actions, timeline and survey result. At phone width
 * it is one or the other, with a way back to the queue.
 */
export function CaseConsolePage() {
  const { t } = useTranslation();
  const kase = useObjectDef('case');
  const [params, setParams] = useSearchParams();
  const tab: QueueTab = isQueueTab(params.get('tab')) ? (params.get('tab') as QueueTab) : 'mine';
  const selected = params.get('case') ?? undefined;
  if (kase.isPending) return <PageSpin />;
  if (!kase.data) return <Result status="403" subTitle={t('console.noCases')} />;
  const set = (changes: Record<string, string | undefined>) =>
    setParams((p) => {
      const next = new URLSearchParams(p);
      for (const [k, v] of Object.entries(changes)) {
        if (v === undefined) next.delete(k);
        else next.set(k, v);
      }
      return next;
    });

  return (
    <div className={selected ? 'ml-console ml-console-open' : 'ml-console'} data-testid="case-console">
      <section className="ml-console-queue" aria-label={t('console.queue')}>
        <Typography.Title level={4} className="ml-console-title">
          {t('console.title')}
        </Typography.Title>
        <Tabs
          activeKey={tab}
          onChange={(key) => set({ tab: key === 'mine' ? undefined : key })}
          items={QUEUE_TABS.map((key) => ({ key, label: <span data-testid={`queue-tab-${key}`}>{t(`console.tabs.${key}`)}</span> }))}
        />
        <CaseQueue key={tab} kase={kase.data} tab={tab} selected={selected} search={params} />
      </section>
      <section className="ml-console-detail" aria-label={t('console.case')}>
        {selected ? (
          <CaseDetail key={selected} kase={kase.data} id={selected} onBack={() => set({ case: undefined })} />
        ) : (
          <Empty className="ml-console-empty" description={t('console.pick')} />
        )}
      </section>
    </div>
  );
}

function CaseQueue({ kase, tab, selected, search }: { kase: ObjectDef; tab: QueueTab; selected: string | undefined; search: URLSearchParams }) {
  const { t } = useTranslation();
  const ctx = useDisplayContext();
  const now = useNow();
  const fields = QUEUE_FIELDS.filter((f) => kase.fields.some((d) => d.apiName === f.split('.')[0]));
  const list = useRecordList({ object: 'case', fields, sort: QUEUE_SORT, filter: queueFilter(kase, tab), limit: QUEUE_PAGE });
  const rows = list.data?.pages.flatMap((p) => p.records) ?? [];
  const total = list.data?.pages[0]?.total;
  const field = (name: string): FieldDef | undefined => kase.fields.find((f) => f.apiName === name);
  const status = field('status');
  const priority = field('priority');
  const link = (id: string) => {
    const next = new URLSearchParams(search);
    next.set('case', id);
    return `/service?${next.toString()}`;
  };

  if (list.isPending) return <Spin className="ml-page-spin" />;
  if (list.isError) return <Result status="warning" subTitle={t('common.error')} extra={<Button onClick={() => void list.refetch()}>{t('common.retry')}</Button>} />;
  if (rows.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('console.emptyQueue')} />;
  return (
    <>
      {total !== undefined ? (
        <Typography.Text type="secondary" className="ml-console-count">
          {t('console.count', { count: total })}
        </Typography.Text>
      ) : null}
      <ul className="ml-console-list" data-testid="case-queue">
        {rows.map((r) => {
          const due = typeof r.slaDueAt === 'string' ? sinceOrUntil(r.slaDueAt, now, ctx.labels.locale) : undefined;
          return (
            <li key={r.id}>
              <Link
                to={link(r.id)}
                className={r.id === selected ? 'ml-console-item ml-console-item-selected' : 'ml-console-item'}
                aria-current={r.id === selected ? 'true' : undefined}
                data-testid="queue-case"
                data-overdue={due?.overdue ? 'true' : 'false'}
              >
                <span className="ml-console-item-top">
                  <span className="ml-console-subject">{String(r.subject ?? r.name)}</span>
                  {priority && typeof r.priority === 'string' ? <PicklistTag field={priority} value={r.priority} labels={ctx.labels} /> : null}
                </span>
                <span className="ml-console-item-meta">
                  <span>{String(r.name ?? '')}</span>
                  {typeof r['account.name'] === 'string' ? <span>{r['account.name']}</span> : null}
                  {r.ownerId && tab !== 'mine' ? <span>{ctx.userName(r.ownerId)}</span> : null}
                </span>
                <span className="ml-console-item-bottom">
                  {status && typeof r.status === 'string' ? <PicklistTag field={status} value={r.status} labels={ctx.labels} /> : null}
                  {due ? <SlaText overdue={due.overdue} span={due.span} /> : <span className="ml-blank">{t('console.noSla')}</span>}
                </span>
              </Link>
            </li>
          );
        })}
      </ul>
      {list.hasNextPage ? (
        <div className="ml-list-footer">
          <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage} data-testid="queue-more">
            {t('console.more')}
          </Button>
        </div>
      ) : null}
    </>
  );
}

function SlaText({ overdue, span }: { overdue: boolean; span: string }) {
  const { t } = useTranslation();
  return (
    <span className={overdue ? 'ml-console-sla ml-console-sla-overdue' : 'ml-console-sla'} data-testid="queue-sla">
      <ClockCircleOutlined /> {overdue ? t('console.overdue', { span }) : t('console.dueIn', { span })}
    </span>
  );
}

function CaseDetail({ kase, id, onBack }: { kase: ObjectDef; id: string; onBack: () => void }) {
  const { t } = useTranslation();
  const ctx = useDisplayContext();
  const now = useNow();
  const permissionsDocument = usePermissions().data;
  const permissions = permissionsDocument?.objects.case?.permissions;
  const access = useRecordAccess('case', id).data;
  const canEdit = Boolean(permissions?.edit && access?.edit);
  const editable = canEdit ? inlineEditable(kase, permissionsDocument, true) : new Set<string>();
  const record = useRecord('case', id, fieldPaths(kase.fields));
  const back = (
    <Button type="link" icon={<ArrowLeftOutlined />} className="ml-console-back" onClick={onBack} data-testid="console-back">
      {t('console.backToQueue')}
    </Button>
  );
  if (record.isPending) return <PageSpin />;
  if (!record.data)
    return (
      <>
        {back}
        <Result status="404" title={t('record.notFound')} />
      </>
    );
  const data: RecordRow = record.data;
  const facts = FACTS.map((name) => kase.fields.find((f) => f.apiName === name)).filter((f): f is FieldDef => Boolean(f));
  const due = typeof data.slaDueAt === 'string' ? sinceOrUntil(data.slaDueAt, now, ctx.labels.locale) : undefined;
  const closed = kase.fields.find((f) => f.apiName === 'status')?.values?.find((v) => v.apiName === data.status)?.meta?.closed === true;
  const fact = (f: FieldDef) => {
    const value = (
      <span data-field={f.apiName}>
        {renderValue(f, data, ctx)}
        {f.apiName === 'slaDueAt' && due && !closed ? (
          <>
            {' '}
            <SlaText overdue={due.overdue} span={due.span} />
          </>
        ) : null}
      </span>
    );
    return editable.has(f.apiName) ? (
      <InlineEditCell object={kase} field={f} record={data}>
        {value}
      </InlineEditCell>
    ) : (
      value
    );
  };

  return (
    <div className="ml-console-case" data-testid="console-case">
      {back}
      <div className="ml-page-header">
        <div className="ml-record-title">
          <Typography.Text type="secondary" data-testid="console-case-number">
            {String(data.name ?? '')}
          </Typography.Text>
          <Typography.Title level={3} className="ml-page-title" data-testid="console-case-subject">
            {String(data.subject ?? data.name ?? '')}
          </Typography.Title>
        </div>
        <Space wrap>
          <ActionBar object={kase} record={data} canEdit={canEdit && !closed} access={access} />
          <Link to={`/o/case/${id}`} data-testid="console-open-record">
            <ExportOutlined /> {t('console.openRecord')}
          </Link>
        </Space>
      </div>
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Card className="ml-card" size="small">
          {[facts.filter((f) => f.apiName !== 'description'), facts.filter((f) => f.apiName === 'description')].map((group, i) =>
            group.length === 0 ? null : (
              <Descriptions
                key={i}
                className={i === 0 ? undefined : 'ml-console-description'}
                column={i === 0 ? { xs: 1, sm: 2, md: 2, lg: 2, xl: 3, xxl: 4 } : 1}
                layout="vertical"
                colon={false}
                size="small"
                items={group.map((f) => ({ key: f.apiName, label: ctx.labels.field(f), children: fact(f) }))}
              />
            ),
          )}
        </Card>
        <SurveyResult kase={data} />
        <ActivityPanel object={kase} record={data} />
      </Space>
    </div>
  );
}
