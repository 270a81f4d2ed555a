import { SearchOutlined } from '@ant-design/icons';
import { AutoComplete, Button, Input, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useObjects } from '../api/metadata.ts';
import { SEARCH_MAX_LENGTH, searchable, useGlobalSearch } from '../api/search.ts';
import { useLabels } from '../locale/labels.ts';
import { hitDetails, matchedLabel, recordPath, resultsPath } from './search-hits.ts';
import { useDebounced } from './use-debounced.ts';

const SEE_ALL = '\u0000all';

/**
 * The top bar's search: type-ahead results grouped by object (arrow keys
 * and Enter open one), Enter on the text itself opens the full results page.
 * At phone width it is an icon that opens the field over the top bar.
 */
export function GlobalSearch({ compact }: { compact: boolean }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const navigate = useNavigate();
  const objects = useObjects().data ?? [];
  const [text, setText] = useState('');
  const [expanded, setExpanded] = useState(false);
  const selected = useRef(false);
  const settled = useDebounced(text, 200);
  const search = useGlobalSearch(settled, 5);
  const groups = searchable(settled) ? (search.data?.groups ?? []) : [];

  const close = () => {
    setText('');
    setExpanded(false);
  };
  const go = (path: string) => {
    navigate(path);
    close();
  };

  const options = [
    ...groups.map((g) => {
      const object = objects.find((o) => o.apiName === g.object);
      return {
        label: <span className="ml-search-group">{object ? labels.objectPlural(object) : g.object}</span>,
        options: g.records.map((hit) => {
          const details = hitDetails(hit, object, labels);
          const via = matchedLabel(hit, object, labels);
          return {
            value: recordPath(g.object, hit.id),
            label: (
              <div className="ml-search-hit" data-testid="search-hit">
                <span className="ml-search-hit-name">{hit.name ?? '—'}</span>
                <Typography.Text type="secondary" className="ml-search-hit-details">
                  {details.map((d) => d.value).join(' · ')}
                  {via ? ` · ${t('search.matched', { field: via })}` : ''}
                </Typography.Text>
              </div>
            ),
          };
        }),
      };
    }),
    ...(searchable(text) ? [{ value: SEE_ALL, label: <span className="ml-search-all">{t('search.seeAll', { q: text.trim() })}</span> }] : []),
  ];

  const field = (
    <AutoComplete
      className="ml-global-search"
      value={text}
      options={options}
      defaultActiveFirstOption={false}
      popupMatchSelectWidth={compact ? true : 440}
      onChange={(v: string) => setText(v)}
      onSelect={(value: string) => {
        selected.current = true;
        setTimeout(() => (selected.current = false), 50);
        go(value === SEE_ALL ? resultsPath(text) : value);
      }}
      notFoundContent={searchable(settled) && search.isFetched && !search.isFetching ? t('search.noResults', { q: settled.trim() }) : null}
      data-testid="global-search"
    >
      <Input
        prefix={<SearchOutlined />}
        placeholder={t('search.placeholder')}
        aria-label={t('search.label')}
        maxLength={SEARCH_MAX_LENGTH}
        allowClear
        autoFocus={compact}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && compact) close();
        }}
        onPressEnter={() => {
          // Enter on a highlighted result selects it; only Enter on the text itself opens the results page.
          const typed = text;
          setTimeout(() => {
            if (selected.current) selected.current = false;
            else if (searchable(typed)) go(resultsPath(typed));
          }, 0);
        }}
        onBlur={() => {
          if (compact && !text) setExpanded(false);
        }}
      />
    </AutoComplete>
  );

  if (!compact) return <div className="ml-header-search">{field}</div>;
  return expanded ? (
    <div className="ml-global-search-overlay">{field}</div>
  ) : (
    <Button type="text" icon={<SearchOutlined />} aria-label={t('search.open')} onClick={() => setExpanded(true)} data-testid="global-search-open" />
  );
}
