import { Card, Col, Empty, Row, Skeleton, Statistic, Typography } from 'antd';
import { useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { moneyOf, useAggregate, type AggregateResult } from '../api/insights.ts';
import { useObjects } from '../api/metadata.ts';
import { useMe } from '../api/session.ts';
import type { FieldDef, ObjectDef } from '../api/types.ts';
import { calendar, closedValues, listLink, oneOf, openValues, picklist, wonValues } from '../home/home-filters.ts';
import { useFormat, type Formatters } from '../locale/format.ts';
import { useLabels, type Labels } from '../locale/labels.ts';
import { EChart } from './EChart.tsx';
import type { EChartsCoreOption } from './echarts-setup.ts';

const BLUE = '#1d39c4';
const SLA_COLORS = { onTrack: '#2f9e44', breached: '#e03131', none: '#adb5bd' };
const NPS_COLOR = (score: number) => (score <= 6 ? '#e03131' : score <= 8 ? '#adb5bd' : '#2f9e44');

type ChartCtx = { fmt: Formatters; labels: Labels; locale: 'ZH' | 'EN'; navigate: (to: string) => void; t: ReturnType<typeof useTranslation>['t'] };

const grid = { left: 8, right: 16, top: 16, bottom: 8, containLabel: true };
const amountOf = (r: AggregateResult['groups'][number] | undefined, measure = 'sum:amount'): number => Number(moneyOf(r?.values[measure])?.amount ?? 0);

/** Company charts over what the user can see: pipeline, won revenue, cases and SLA, satisfaction. Clicking a bar opens that list. */
export default function DashboardPage() {
  const { t, i18n } = useTranslation();
  const objects = useObjects();
  const me = useMe().data;
  const fmt = useFormat();
  const labels = useLabels();
  const navigate = useNavigate();
  const ctx: ChartCtx = { fmt, labels, locale: i18n.language === 'en' ? 'EN' : 'ZH', navigate, t };
  if (objects.isPending || !me) return <Skeleton active className="ml-page" />;
  const byName = (name: string) => objects.data?.find((o) => o.apiName === name);
  const [opportunity, kase, responses] = [byName('opportunity'), byName('case'), byName('surveyResponse')];
  return (
    <div className="ml-page ml-dashboard">
      <div className="ml-page-header">
        <div>
          <Typography.Title level={3} className="ml-page-title">
            {t('dashboard.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('dashboard.subtitle')}</Typography.Text>
        </div>
      </div>
      <Row gutter={[20, 20]}>
        {opportunity ? (
          <Col xs={24} xl={12}>
            <PipelineChart ctx={ctx} opportunity={opportunity} />
          </Col>
        ) : null}
        {opportunity ? (
          <Col xs={24} xl={12}>
            <WonByMonthChart ctx={ctx} opportunity={opportunity} timeZone={me.timeZone} />
          </Col>
        ) : null}
        {kase ? (
          <Col xs={24} xl={12}>
            <CasesChart ctx={ctx} kase={kase} />
          </Col>
        ) : null}
        {kase ? (
          <Col xs={24} xl={12}>
            <SlaChart ctx={ctx} kase={kase} />
          </Col>
        ) : null}
        {responses ? (
          <Col xs={24}>
            <SurveyPanel ctx={ctx} responses={responses} />
          </Col>
        ) : null}
      </Row>
    </div>
  );
}

function ChartCard({ title, testId, link, loading, empty, children }: { title: string; testId: string; link: string; loading: boolean; empty: boolean; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Card className="ml-card ml-chart-card" title={title} data-testid={testId} extra={<Link to={link}>{t('home.viewAll')}</Link>}>
      {loading ? <Skeleton active paragraph={{ rows: 6 }} /> : empty ? <Empty className="ml-chart-empty" image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dashboard.noData')} /> : children}
    </Card>
  );
}

const valueLabel = (labels: Labels, field: FieldDef | undefined, value: unknown): string => (value === null || value === undefined ? '—' : field ? labels.value(field, String(value)) : String(value));
const colorOf = (field: FieldDef | undefined, value: unknown): string | undefined => field?.values?.find((v) => v.apiName === value)?.color;

function PipelineChart({ ctx, opportunity }: { ctx: ChartCtx; opportunity: ObjectDef }) {
  const stage = picklist(opportunity, 'stage');
  const open = openValues(stage);
  const data = useAggregate({ object: 'opportunity', groupBy: 'stage', measures: 'count,sum:amount', filter: oneOf('stage', open) });
  const groups = data.data?.groups ?? [];
  const option = useMemo<EChartsCoreOption>(
    () => ({
      grid: { ...grid, right: 64 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: number) => ctx.fmt.currency({ amount: String(v), currency: moneyOf(groups[0]?.values['sum:amount'])?.currency ?? 'CNY' }) },
      xAxis: { type: 'value', axisLabel: { formatter: (v: number) => ctx.fmt.compact(v), hideOverlap: true } },
      yAxis: { type: 'category', inverse: true, data: groups.map((g) => valueLabel(ctx.labels, stage, g.key.stage)) },
      series: [
        {
          name: ctx.t('dashboard.amount'),
          type: 'bar',
          barMaxWidth: 26,
          data: groups.map((g) => ({ value: amountOf(g), itemStyle: { color: colorOf(stage, g.key.stage) ?? BLUE, borderRadius: [0, 4, 4, 0] } })),
          label: { show: true, position: 'right', formatter: ({ dataIndex }: { dataIndex: number }) => ctx.t('dashboard.dealCount', { count: Number(groups[dataIndex]?.values.count ?? 0) }) },
        },
      ],
    }),
    [groups, ctx.fmt, ctx.labels, stage, ctx.t],
  );
  return (
    <ChartCard title={ctx.t('dashboard.pipeline')} testId="chart-pipeline" link={listLink('opportunity', [oneOf('stage', open)])} loading={data.isPending} empty={groups.length === 0}>
      <EChart option={option} locale={ctx.locale} label={ctx.t('dashboard.pipeline')} onClick={(e) => ctx.navigate(listLink('opportunity', [{ field: 'stage', op: 'eq', value: groups[e.dataIndex]?.key.stage }]))} />
    </ChartCard>
  );
}

function WonByMonthChart({ ctx, opportunity, timeZone }: { ctx: ChartCtx; opportunity: ObjectDef; timeZone: string }) {
  const stage = picklist(opportunity, 'stage');
  const won = wonValues(stage);
  const { monthStart, monthEnd } = calendar(timeZone);
  const range = [monthStart(-11), monthEnd(0)];
  const data = useAggregate({ object: 'opportunity', groupBy: 'closeDate:month', measures: 'count,sum:amount', filter: { and: [oneOf('stage', won), { field: 'closeDate', op: 'between', value: range }] } });
  const months = Array.from({ length: 12 }, (_, i) => monthStart(i - 11));
  const byMonth = new Map((data.data?.groups ?? []).map((g) => [g.key['closeDate:month'] as string, g]));
  const currency = moneyOf(data.data?.groups[0]?.values['sum:amount'])?.currency ?? 'CNY';
  const monthLabel = (m: string) => new Intl.DateTimeFormat(ctx.labels.locale === 'en' ? 'en-US' : ctx.labels.locale, { year: '2-digit', month: 'short', timeZone: 'UTC' }).format(new Date(`${m}T12:00:00Z`));
  const option = useMemo<EChartsCoreOption>(
    () => ({
      grid: { ...grid, top: 24 },
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => ctx.fmt.currency({ amount: String(v), currency }) },
      xAxis: { type: 'category', data: months.map(monthLabel), axisTick: { alignWithLabel: true } },
      yAxis: { type: 'value', axisLabel: { formatter: (v: number) => ctx.fmt.compact(v) } },
      series: [
        {
          name: ctx.t('dashboard.wonRevenue'),
          type: 'bar',
          barMaxWidth: 28,
          itemStyle: { color: '#2f9e44', borderRadius: [4, 4, 0, 0] },
          data: months.map((m) => amountOf(byMonth.get(m))),
        },
      ],
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [data.data, ctx.fmt, ctx.labels, ctx.t],
  );
  return (
    <ChartCard title={ctx.t('dashboard.wonByMonth')} testId="chart-won" link={listLink('opportunity', [oneOf('stage', won)])} loading={data.isPending} empty={false}>
      <EChart
        option={option}
        locale={ctx.locale}
        label={ctx.t('dashboard.wonByMonth')}
        onClick={(e) => {
          const m = months[e.dataIndex]!;
          const end = new Date(Date.UTC(Number(m.slice(0, 4)), Number(m.slice(5, 7)), 0)).toISOString().slice(0, 10);
          ctx.navigate(listLink('opportunity', [oneOf('stage', won), { field: 'closeDate', op: 'between', value: [m, end] }]));
        }}
      />
    </ChartCard>
  );
}

function CasesChart({ ctx, kase }: { ctx: ChartCtx; kase: ObjectDef }) {
  const status = picklist(kase, 'status');
  const priority = picklist(kase, 'priority');
  const data = useAggregate({ object: 'case', groupBy: 'status,priority', measures: 'count' });
  const groups = data.data?.groups ?? [];
  const statuses = [...new Set(groups.map((g) => g.key.status))];
  const priorities = (priority?.values ?? []).map((v) => v.apiName).filter((p) => groups.some((g) => g.key.priority === p));
  const option = useMemo<EChartsCoreOption>(
    () => ({
      grid: { ...grid, top: 44 },
      legend: { top: 0 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'category', data: statuses.map((s) => valueLabel(ctx.labels, status, s)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: priorities.map((p) => ({
        name: valueLabel(ctx.labels, priority, p),
        type: 'bar',
        stack: 'cases',
        barMaxWidth: 40,
        itemStyle: { color: colorOf(priority, p) },
        data: statuses.map((s) => Number(groups.find((g) => g.key.status === s && g.key.priority === p)?.values.count ?? 0)),
      })),
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [data.data, ctx.labels],
  );
  return (
    <ChartCard title={ctx.t('dashboard.casesByStatus')} testId="chart-cases" link="/o/case" loading={data.isPending} empty={groups.length === 0}>
      <EChart
        option={option}
        locale={ctx.locale}
        label={ctx.t('dashboard.casesByStatus')}
        onClick={(e) => ctx.navigate(listLink('case', [{ field: 'status', op: 'eq', value: statuses[e.dataIndex] }, { field: 'priority', op: 'eq', value: priorities[e.seriesIndex ?? 0] }]))}
      />
    </ChartCard>
  );
}

function SlaChart({ ctx, kase }: { ctx: ChartCtx; kase: ObjectDef }) {
  const priority = picklist(kase, 'priority');
  const open = oneOf('status', openValues(picklist(kase, 'status')));
  // The instant is rounded to the minute so the query key (and the cache) holds for a while.
  const now = useMemo(() => new Date(Math.floor(Date.now() / 60_000) * 60_000).toISOString(), []);
  const all = useAggregate({ object: 'case', groupBy: 'priority', measures: 'count', filter: open });
  const late = useAggregate({ object: 'case', groupBy: 'priority', measures: 'count', filter: { and: [open, { field: 'slaDueAt', op: 'lt', value: now }] } });
  const none = useAggregate({ object: 'case', groupBy: 'priority', measures: 'count', filter: { and: [open, { field: 'slaDueAt', op: 'isNull', value: true }] } });
  const count = (r: typeof all, p: unknown) => Number(r.data?.groups.find((g) => g.key.priority === p)?.values.count ?? 0);
  const priorities = (all.data?.groups ?? []).map((g) => g.key.priority);
  const option = useMemo<EChartsCoreOption>(() => {
    const series = (key: keyof typeof SLA_COLORS, values: number[]) => ({ name: ctx.t(`dashboard.sla.${key}`), type: 'bar', stack: 'sla', barMaxWidth: 40, itemStyle: { color: SLA_COLORS[key] }, data: values });
    return {
      grid: { ...grid, top: 44 },
      legend: { top: 0 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'category', data: priorities.map((p) => valueLabel(ctx.labels, priority, p)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        series('onTrack', priorities.map((p) => count(all, p) - count(late, p) - count(none, p))),
        series('breached', priorities.map((p) => count(late, p))),
        series('none', priorities.map((p) => count(none, p))),
      ],
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [all.data, late.data, none.data, ctx.labels, ctx.t]);
  return (
    <ChartCard title={ctx.t('dashboard.sla.title')} testId="chart-sla" link={listLink('case', [oneOf('status', openValues(picklist(kase, 'status')))])} loading={all.isPending || late.isPending || none.isPending} empty={priorities.length === 0}>
      <EChart
        option={option}
        locale={ctx.locale}
        label={ctx.t('dashboard.sla.title')}
        onClick={(e) => {
          const p = priorities[e.dataIndex];
          const extra = e.seriesIndex === 1 ? [{ field: 'slaDueAt', op: 'lt', value: now }] : e.seriesIndex === 2 ? [{ field: 'slaDueAt', op: 'isNull', value: true }] : [{ field: 'slaDueAt', op: 'gt', value: now }];
          ctx.navigate(listLink('case', [oneOf('status', openValues(picklist(kase, 'status'))), { field: 'priority', op: 'eq', value: p }, ...extra]));
        }}
      />
    </ChartCard>
  );
}

function SurveyPanel({ ctx, responses }: { ctx: ChartCtx; responses: ObjectDef }) {
  const answered = oneOf('status', closedValues(picklist(responses, 'status')));
  const totals = useAggregate({ object: 'surveyResponse', measures: 'count,avg:csatScore', filter: answered });
  const nps = useAggregate({ object: 'surveyResponse', groupBy: 'npsScore', measures: 'count', filter: { and: [answered, { field: 'npsScore', op: 'isNull', value: false }] } });
  const scores = Array.from({ length: 11 }, (_, i) => i);
  const counts = scores.map((s) => Number(nps.data?.groups.find((g) => g.key.npsScore === s)?.values.count ?? 0));
  const rated = counts.reduce((a, b) => a + b, 0);
  const promoters = counts.slice(9).reduce((a, b) => a + b, 0);
  const detractors = counts.slice(0, 7).reduce((a, b) => a + b, 0);
  const npsScore = rated > 0 ? Math.round(((promoters - detractors) / rated) * 100) : null;
  const csat = totals.data?.groups[0]?.values['avg:csatScore'];
  const option = useMemo<EChartsCoreOption>(
    () => ({
      grid: { ...grid, bottom: 24 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'category', name: ctx.t('dashboard.npsAxis'), nameLocation: 'middle', nameGap: 28, data: scores.map(String) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ name: ctx.t('dashboard.responses'), type: 'bar', barMaxWidth: 28, data: counts.map((c, i) => ({ value: c, itemStyle: { color: NPS_COLOR(i), borderRadius: [4, 4, 0, 0] } })) }],
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [nps.data, ctx.t],
  );
  return (
    <ChartCard title={ctx.t('dashboard.surveys')} testId="chart-surveys" link={listLink('surveyResponse', [answered])} loading={totals.isPending || nps.isPending} empty={Number(totals.data?.groups[0]?.values.count ?? 0) === 0}>
      <Row gutter={[20, 12]} align="middle">
        <Col xs={24} md={6}>
          <div className="ml-survey-figures">
            <Statistic title={ctx.t('dashboard.csat')} value={typeof csat === 'string' ? ctx.fmt.number(csat, 2) : '—'} suffix={typeof csat === 'string' ? '/ 5' : undefined} />
            <Statistic title={ctx.t('dashboard.nps')} value={npsScore === null ? '—' : ctx.fmt.number(npsScore, 0)} valueStyle={{ color: npsScore === null ? undefined : npsScore >= 0 ? '#2f9e44' : '#e03131' }} />
            <Statistic title={ctx.t('dashboard.responses')} value={ctx.fmt.number(Number(totals.data?.groups[0]?.values.count ?? 0), 0)} />
          </div>
        </Col>
        <Col xs={24} md={18}>
          <Typography.Text type="secondary">{ctx.t('dashboard.npsDistribution')}</Typography.Text>
          <EChart
            option={option}
            locale={ctx.locale}
            height={240}
            label={ctx.t('dashboard.npsDistribution')}
            onClick={(e) => ctx.navigate(listLink('surveyResponse', [answered, { field: 'npsScore', op: 'eq', value: e.dataIndex }]))}
          />
        </Col>
      </Row>
    </ChartCard>
  );
}
