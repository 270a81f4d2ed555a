import { Alert, Card, Empty, Input, List, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { problemText } from '../api/http.ts';
import { useObjects } from '../api/metadata.ts';
import { SEARCH_MAX_LENGTH, searchable, useGlobalSearch } from '../api/search.ts';
import { useLabels } from '../locale/labels.ts';
import { PageSpin } from '../records/PageSpin.tsx';
import { hitDetails, matchedLabel, recordPath } from './search-hits.ts';

const PER_OBJECT = 20;

/** `/search?q=`: every object's best matches, each linking to its record, and to the object's list searched the same way. */
export function SearchResultsPage() {
  const { t } = useTranslation();
  const labels = useLabels();
  const objects = useObjects().data ?? [];
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const search = useGlobalSearch(q, PER_OBJECT);
  const groups = searchable(q) ? (search.data?.groups ?? []) : [];

  return (
    <div className="ml-page ml-search-page">
      <div className="ml-page-header">
        <Typography.Title level={3} className="ml-page-title">
          {t('search.title')}
        </Typography.Title>
      </div>
      <Input.Search
        key={q}
        defaultValue={q}
        size="large"
        allowClear
        enterButton
        maxLength={SEARCH_MAX_LENGTH}
        placeholder={t('search.placeholder')}
        aria-label={t('search.label')}
        onSearch={(value) => setParams(value.trim() ? { q: value.trim() } : {})}
        data-testid="search-page-input"
      />
      <Typography.Paragraph type="secondary" className="ml-search-hint">
        {t('search.hint')}
      </Typography.Paragraph>
      {!searchable(q) ? null : search.isPending ? (
        <PageSpin />
      ) : search.error ? (
        <Alert type="warning" showIcon title={problemText(search.error, String(search.error))} />
      ) : groups.length === 0 ? (
        <Empty className="ml-page-empty" description={t('search.noResults', { q })} />
      ) : (
        <Space orientation="vertical" size={16} className="ml-search-groups">
          {groups.map((g) => {
            const object = objects.find((o) => o.apiName === g.object);
            const name = object ? labels.objectPlural(object) : g.object;
            return (
              <Card
                key={g.object}
                size="small"
                title={`${name} (${g.more ? `${g.records.length}+` : g.records.length})`}
                extra={<Link to={`/o/${g.object}?q=${encodeURIComponent(q)}`}>{t('search.showInList')}</Link>}
                data-testid={`search-group-${g.object}`}
              >
                <List
                  dataSource={g.records}
                  renderItem={(hit) => {
                    const via = matchedLabel(hit, object, labels);
                    return (
                      <List.Item>
                        <List.Item.Meta
                          title={
                            <Space size={8} wrap>
                              <Link to={recordPath(g.object, hit.id)} data-testid="search-result">
                                {hit.name ?? '—'}
                              </Link>
                              {via ? <Tag color="blue">{t('search.matched', { field: via })}</Tag> : null}
                            </Space>
                          }
                          description={
                            <Space size={[16, 0]} wrap>
                              {hitDetails(hit, object, labels).map((d) => (
                                <span key={d.path} className={d.matched ? 'ml-search-detail ml-search-detail-matched' : 'ml-search-detail'}>
                                  {d.label}: {d.value}
                                </span>
                              ))}
                            </Space>
                          }
                        />
                      </List.Item>
                    );
                  }}
                />
              </Card>
            );
          })}
        </Space>
      )}
    </div>
  );
}
