import { Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRecord, useRecordSearch } from '../api/records.ts';
import type { FieldDef } from '../api/types.ts';

type Props = { field: FieldDef; value?: unknown; onChange?: (value: unknown) => void; disabled?: boolean; id?: string };

/** A lookup: type-ahead over the target object's names (`name contains …`), storing the chosen record's id. */
export function LookupInput({ field, value, onChange, disabled, id }: Props) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const found = useRecordSearch(field.target, search);
  const selectedId = typeof value === 'string' ? value : undefined;
  const options = (found.data?.records ?? []).map((r) => ({ value: r.id, label: String(r.name ?? r.id) }));
  const missing = selectedId !== undefined && !options.some((o) => o.value === selectedId);
  // The chosen record may not be among the matches: fetch its name once (cached by the query).
  const selected = useRecord(field.target ?? '', missing ? selectedId : undefined, ['name']);
  if (missing) options.unshift({ value: selectedId, label: String(selected.data?.name ?? '…') });
  return (
    <Select
      id={id}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      allowClear
      placeholder={t('form.searchPlaceholder')}
      loading={found.isFetching}
      value={selectedId}
      disabled={disabled}
      options={options}
      onChange={(v: string | undefined) => onChange?.(v ?? null)}
      onClear={() => setSearch('')}
    />
  );
}
