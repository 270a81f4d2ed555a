import { Input } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SEARCH_MAX_LENGTH, searchable } from '../api/search.ts';
import { useDebounced } from './use-debounced.ts';

/**
 * Quick search within a list, kept in the address as `q` (so it survives
 * reloads and can be shared); the list narrows as the user pauses typing.
 */
export function ListQuickSearch({ value, onChange }: { value: string; onChange: (text: string | undefined) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState(value);
  const settled = useDebounced(text, 300);
  useEffect(() => setText(value), [value]);
  useEffect(() => {
    const next = searchable(settled) ? settled.trim() : undefined;
    if ((next ?? '') !== value) onChange(next);
    // Only a settled change of the text moves the address; the address moving back updates the text above.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [settled]);
  return (
    <Input.Search
      className="ml-list-search"
      value={text}
      allowClear
      maxLength={SEARCH_MAX_LENGTH}
      placeholder={t('search.listPlaceholder')}
      aria-label={t('search.listLabel')}
      onChange={(e) => setText(e.target.value)}
      onSearch={(v) => onChange(searchable(v) ? v.trim() : undefined)}
      data-testid="list-search"
    />
  );
}
