import { Card, Col, Descriptions, Empty, Row, Statistic, Table, Tag, Timeline, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useCustomer360 } from '../api/mainline.ts';
import { useObjects } from '../api/metadata.ts';
import type { CurrencyValue, FieldDef, ObjectDef, RecordRow } from '../api/types.ts';
import { renderValue, useDisplayContext, type DisplayContext } from '../fields/field-display.tsx';
import { listColumns, listFields } from './list-columns.tsx';
import { PageSpin } from './PageSpin.tsx';

const LISTS = [
  ['contacts', 'contact'],
  ['openOpportunities', 'opportunity'],
  ['quotes', 'quote'],
  ['orders', 'order'],
  ['cases', 'case'],
] as const;

/** An account's customer 360 in one call: credit, value, satisfaction, club, the related records and the activity timeline. */
export function Customer360({ account, id }: { account: ObjectDef; id: string }) {
  const { t } = useTranslation();
  const ctx = useDisplayContext();
  const objects = useObjects().data ?? [];
  const data = useCustomer360(id);
  if (data.isPending) return <PageSpin />;
  if (!data.data) return <Empty description={t('common.error')} />;
  const d = data.data;
  const def = (name: string) => objects.find((o) => o.apiName === name);
  const field = (o: ObjectDef | undefined, name: string): FieldDef | undefined => o?.fields.find((f) => f.apiName === name);
  const currency = (d.account.creditLimit as CurrencyValue | null)?.currency ?? 'CNY';
  const money = (amount: string | null) => (amount === null ? '—' : ctx.fmt.currency({ amount, currency }));
  const valueLevel = field(account, 'valueLevel');

  return (
    <div className="ml-c360" data-testid="customer360">
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('c360.credit')} className="ml-card" data-testid="c360-credit">
            {d.credit === null ? (
              <Typography.Text type="secondary">{t('c360.hidden')}</Typography.Text>
            ) : (
              <Row gutter={12}>
                <Col span={24}>
                  <Statistic title={t('c360.available')} value={d.credit.available === null ? t('c360.noLimit') : money(d.credit.available)} styles={{ content: { color: d.credit.available !== null && Number(d.credit.available) < 0 ? '#cf1322' : '#1d39c4' } }} />
                </Col>
                <Col span={8}><Statistic title={t('c360.creditLimit')} value={money(d.credit.limit)} styles={{ content: { fontSize: 15 } }} /></Col>
                <Col span={8}><Statistic title={t('c360.receivables')} value={money(d.credit.receivables)} styles={{ content: { fontSize: 15 } }} /></Col>
                <Col span={8}><Statistic title={t('c360.openOrders')} value={money(d.credit.openOrders)} styles={{ content: { fontSize: 15 } }} /></Col>
              </Row>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('c360.value')} className="ml-card" data-testid="c360-value">
            <Descriptions size="small" column={2} colon={false} layout="vertical" items={[
              { key: 'level', label: t('c360.valueLevel'), children: valueLevel && d.value.valueLevel ? renderValue(valueLevel, { id, valueLevel: d.value.valueLevel }, ctx) : '—' },
              { key: 'rfm', label: t('c360.rfmScore'), children: d.value.rfmScore ?? '—' },
              { key: 'last', label: t('c360.lastOrderDate'), children: d.value.lastOrderDate ? ctx.fmt.date(d.value.lastOrderDate) : '—' },
              { key: 'csat', label: t('c360.csatAverage'), children: d.satisfaction?.csatAverage ?? '—' },
              { key: 'nps', label: t('c360.npsLatest'), children: d.satisfaction?.npsLatest ?? '—' },
              { key: 'responses', label: t('c360.satisfaction'), children: d.satisfaction ? t('c360.responses', { count: d.satisfaction.responses.length }) : t('c360.hidden') },
            ]} />
          </Card>
        </Col>
        <Col xs={24}>
          <Card size="small" title={t('c360.club')} className="ml-card">
            {d.club === null ? <Typography.Text type="secondary">{t('c360.hidden')}</Typography.Text> : d.club.length === 0 ? <Typography.Text type="secondary">{t('c360.none')}</Typography.Text> : <MiniTable object={def('loyaltyMember')} rows={d.club} ctx={ctx} />}
          </Card>
        </Col>
        {LISTS.map(([key, object]) => (
          <Col xs={24} key={key}>
            <Card size="small" className="ml-card" title={key === 'openOpportunities' ? t('c360.openOpportunities') : def(object) ? ctx.labels.objectPlural(def(object)!) : object} data-testid={`c360-${key}`}>
              {d[key] === null ? <Typography.Text type="secondary">{t('c360.hidden')}</Typography.Text> : <MiniTable object={def(object)} rows={d[key]!} ctx={ctx} />}
            </Card>
          </Col>
        ))}
        <Col xs={24}>
          <Card size="small" title={t('c360.timeline')} className="ml-card" data-testid="c360-timeline">
            <ActivityTimeline activities={d.activities} object={def('activity')} ctx={ctx} empty={t('c360.none')} hidden={t('c360.hidden')} />
          </Card>
        </Col>
      </Row>
    </div>
  );
}

/** A part's records, in the object's list columns; lookups come without names here, so they are left out. */
function MiniTable({ object, rows, ctx }: { object: ObjectDef | undefined; rows: RecordRow[]; ctx: DisplayContext }) {
  const navigate = useNavigate();
  const { t } = useTranslation();
  if (!object) return null;
  if (rows.length === 0) return <Typography.Text type="secondary">{t('c360.none')}</Typography.Text>;
  const fields = listFields(object).filter((f) => f.type !== 'lookup' && f.type !== 'masterDetail');
  return (
    <Table<RecordRow>
      rowKey="id"
      size="small"
      dataSource={rows}
      pagination={false}
      scroll={{ x: 'max-content' }}
      columns={listColumns(fields, undefined, ctx).map((c) => ({ ...c, width: c.width ?? 150, sorter: false, fixed: undefined }))}
      onRow={(r) => ({ onClick: () => navigate(`/o/${object.apiName}/${r.id}`), className: 'ml-row' })}
    />
  );
}

function ActivityTimeline({ activities, object, ctx, empty, hidden }: { activities: RecordRow[] | null; object: ObjectDef | undefined; ctx: DisplayContext; empty: string; hidden: string }): ReactNode {
  if (activities === null) return <Typography.Text type="secondary">{hidden}</Typography.Text>;
  if (activities.length === 0 || !object) return <Typography.Text type="secondary">{empty}</Typography.Text>;
  const kind = object.fields.find((f) => f.type === 'picklist' && (f.apiName === 'kind' || f.apiName === 'type'));
  return (
    <Timeline
      items={activities.map((a) => ({
        key: a.id,
        content: (
          <div>
            {kind && a[kind.apiName] ? <Tag>{ctx.labels.value(kind, String(a[kind.apiName]))}</Tag> : null}
            <Link to={`/o/activity/${a.id}`}>{String(a.name ?? '')}</Link>
            <div><Typography.Text type="secondary">{ctx.fmt.dateTime(String(a.createdAt))}</Typography.Text></div>
          </div>
        ),
      }))}
    />
  );
}
