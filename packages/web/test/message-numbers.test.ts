import { describe, expect, it } from 'vitest';
import { i18n } from '../src/i18n/i18n.ts';

describe('numbers inside messages', () => {
  it('are grouped for the language, and the plural still follows the count', async () => {
    await i18n.changeLanguage('en');
    expect(i18n.t('list.total', { count: 100000 })).toBe('100,000 records');
    expect(i18n.t('list.total', { count: 1 })).toBe('1 record');
    await i18n.changeLanguage('zh-CN');
    expect(i18n.t('list.total', { count: 100000 })).toBe('共 100,000 条');
    await i18n.changeLanguage('zh-TW');
    expect(i18n.t('list.total', { count: 2500 })).toMatch(/2,500/);
  });
  it('leaves text values as they are', async () => {
    await i18n.changeLanguage('en');
    expect(i18n.t('kanban.moved', { value: '1000' })).toBe('Moved to “1000”');
  });
});
