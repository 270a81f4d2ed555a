import { describe, expect, it } from 'vitest';
import { upgradeText, upgradeTexts } from '../src/index.ts';

const shipped = { 'zh-CN': '优先级', 'zh-TW': '優先級', en: 'Priority' };
const next = { 'zh-CN': '优先级', 'zh-TW': '優先順序', en: 'Priority' };

describe('upgradeText: a package wording fix, language by language', () => {
  it('replaces a language the workspace still shows as shipped', () => {
    expect(upgradeText(shipped, shipped, next)).toEqual({ value: next, locales: ['zh-TW'] });
  });

  it('keeps a language the administrator changed, and still fixes the others', () => {
    expect(upgradeText({ ...shipped, 'zh-TW': '緊急程度' }, shipped, next)).toBeUndefined();
    expect(upgradeText({ ...shipped, 'zh-CN': '紧急度' }, shipped, next)).toEqual({ value: { 'zh-CN': '紧急度', 'zh-TW': '優先順序', en: 'Priority' }, locales: ['zh-TW'] });
  });

  it('leaves a language the administrator removed removed', () => {
    expect(upgradeText({ 'zh-CN': '紧急度', en: 'Urgency' }, shipped, next)).toBeUndefined();
  });

  it('adds a language the package gained, and help text it gained', () => {
    expect(upgradeText({ 'zh-CN': '优先级', en: 'Priority' }, { 'zh-CN': '优先级', en: 'Priority' }, next)).toEqual({ value: next, locales: ['zh-TW'] });
    expect(upgradeText(undefined, undefined, { en: 'Why' })).toEqual({ value: { en: 'Why' }, locales: ['en'] });
  });

  it('drops a text the package dropped, but never empties one it still ships', () => {
    expect(upgradeText({ en: 'Old help' }, { en: 'Old help' }, undefined)).toEqual({ value: undefined, locales: ['en'] });
    expect(upgradeText(undefined, shipped, next)).toBeUndefined();
  });

  it('is nothing when the package did not change, or once applied', () => {
    expect(upgradeText({ ...shipped, en: 'Mine' }, shipped, shipped)).toBeUndefined();
    expect(upgradeText(next, next, next)).toBeUndefined();
  });
});

describe('upgradeTexts', () => {
  it('names each text that changes', () => {
    const help = { 'zh-CN': '说明', 'zh-TW': '說明', en: 'Help' };
    expect(upgradeTexts({ label: shipped, helpText: help }, { label: shipped, helpText: help }, { label: next, helpText: help })).toEqual([{ text: 'label', value: next, locales: ['zh-TW'] }]);
    expect(upgradeTexts({ label: next }, { label: next }, { label: next })).toEqual([]);
  });
});
