import { GlobalOutlined } from '@ant-design/icons';
import { Button, Dropdown } from 'antd';
import { useTranslation } from 'react-i18next';
import { useChangeLocale } from '../api/session.ts';
import { LOCALES } from '../i18n/i18n.ts';
import { useLabels } from '../locale/labels.ts';

/** zh-CN, zh-TW, en: applied at once and, when signed in, saved as the user's preference. */
export function LanguageSwitch() {
  const { t } = useTranslation();
  const { locale } = useLabels();
  const change = useChangeLocale();
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        selectable: true,
        selectedKeys: [locale],
        items: LOCALES.map((l) => ({ key: l, label: <span lang={l}>{t(`locales.${l}`)}</span> })),
        onClick: ({ key }) => change.mutate(key as (typeof LOCALES)[number]),
      }}
    >
      <Button type="text" icon={<GlobalOutlined />} aria-label={t('shell.language')} data-testid="language-switch">
        {t(`locales.${locale}`)}
      </Button>
    </Dropdown>
  );
}
