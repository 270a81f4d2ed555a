import { Input, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import type { LocalizedText } from '../api/types.ts';
import { LOCALES } from '../i18n/i18n.ts';

type Props = { value?: LocalizedText; onChange?: (value: LocalizedText) => void; id?: string; compact?: boolean };

/** A label in the three languages; each input names its language for screen readers. */
export function LabelsInput({ value = {}, onChange, id, compact }: Props) {
  const { t } = useTranslation();
  const inputs = LOCALES.map((locale, i) => (
    <Input
      key={locale}
      id={i === 0 ? id : undefined}
      lang={locale}
      aria-label={t('setup.labelIn', { language: t(`locales.${locale}`) })}
      placeholder={t(`locales.${locale}`)}
      value={value[locale] ?? ''}
      data-testid={`label-${locale}`}
      onChange={(e) => onChange?.({ ...value, [locale]: e.target.value })}
    />
  ));
  return compact ? <>{inputs}</> : <Space.Compact block>{inputs}</Space.Compact>;
}

/** Only the languages filled in, trimmed. */
export const cleanLabels = (text: LocalizedText | undefined): LocalizedText =>
  Object.fromEntries(Object.entries(text ?? {}).map(([k, v]) => [k, v?.trim()]).filter(([, v]) => v)) as LocalizedText;
