import { MailOutlined, SmileOutlined } from '@ant-design/icons';
import { Card, Rate, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { usePermissions } from '../api/metadata.ts';
import { useRecordSlice } from '../api/records.ts';
import type { RecordRow } from '../api/types.ts';
import { useDisplayContext } from '../fields/field-display.tsx';
import { npsBand, type NpsBand } from './case-queue.ts';

const BAND_COLOR: Record<NpsBand, string> = { detractor: 'red', passive: 'gold', promoter: 'green' };
const score = (v: unknown): number | undefined => (typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : undefined);

/**
 * What the contact said when the case closed: CSAT as stars, NPS with its band and the
 * comment of the latest survey response linked to the case. Before an answer, that the
 * survey went out; with no survey, nothing.
 */
export function SurveyResult({ kase }: { kase: RecordRow }) {
  const { t } = useTranslation();
  const ctx = useDisplayContext();
  const readable = Boolean(usePermissions().data?.objects.surveyResponse?.permissions.read);
  const responses = useRecordSlice({
    object: 'surveyResponse',
    fields: ['status', 'csatScore', 'npsScore', 'comment', 'respondedAt'],
    filter: { field: 'case', op: 'eq', value: kase.id },
    sort: '-createdAt',
    limit: 5,
  }, readable);
  const list = responses.data?.records ?? [];
  const answered = list.find((r) => r.status === 'answered');
  const csat = score(kase.csatScore) ?? score(answered?.csatScore);
  const nps = score(kase.npsScore) ?? score(answered?.npsScore);

  if (csat === undefined && nps === undefined) {
    if (list.length === 0) return null;
    return (
      <Card className="ml-card" size="small" data-testid="survey-waiting">
        <Typography.Text type="secondary">
          <MailOutlined /> {t('console.survey.waiting')}
        </Typography.Text>
      </Card>
    );
  }
  const band = nps === undefined ? undefined : npsBand(nps);
  const comment = typeof answered?.comment === 'string' && answered.comment.trim() ? answered.comment : undefined;
  return (
    <Card
      className="ml-card ml-survey-result"
      size="small"
      title={
        <span>
          <SmileOutlined /> {t('console.survey.title')}
        </span>
      }
      extra={typeof answered?.respondedAt === 'string' ? <Typography.Text type="secondary">{ctx.fmt.dateTime(answered.respondedAt)}</Typography.Text> : null}
      data-testid="survey-result"
    >
      <Space orientation="vertical" size={10} style={{ width: '100%' }}>
        {csat !== undefined ? (
          <div className="ml-survey-row" data-testid="survey-csat">
            <span className="ml-survey-label">{t('console.survey.csat')}</span>
            <Rate disabled value={csat} count={5} aria-label={t('console.survey.csatValue', { score: csat })} />
            <Typography.Text strong>{t('console.survey.csatValue', { score: csat })}</Typography.Text>
          </div>
        ) : null}
        {nps !== undefined && band ? (
          <div className="ml-survey-row" data-testid="survey-nps">
            <span className="ml-survey-label">{t('console.survey.nps')}</span>
            <Typography.Text strong className="ml-survey-nps">
              {nps}
              <Typography.Text type="secondary"> / 10</Typography.Text>
            </Typography.Text>
            <Tag color={BAND_COLOR[band]} data-testid="survey-nps-band">
              {t(`console.survey.bands.${band}`)}
            </Tag>
          </div>
        ) : null}
        {comment ? (
          <blockquote className="ml-survey-comment" data-testid="survey-comment">
            {comment}
          </blockquote>
        ) : null}
      </Space>
    </Card>
  );
}
