import { App, Card, Select, Switch, Typography } from 'antd';
import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useObjects } from '../api/metadata.ts';
import type { SharingModel } from '@mainline/core';
import type { ObjectDef } from '../api/types.ts';
import { useLabels } from '../locale/labels.ts';
import { inGlobalSearch, parentLookups, proposedParentLookup, settingProblem, sharingModelChoices, sharingModelOf, type ObjectSetting } from './object-settings.ts';
import { useSaveObject } from './setup-api.ts';

/**
 * The settings of one object an administrator would otherwise change only
 * through the API — global search, the parent owner's read access, the
 * default sharing — each saved as soon as it is changed, with what it means
 * in plain words beside it and the server's refusal under its control.
 */
export function ObjectSettingsCard({ object }: { object: ObjectDef }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const { message } = App.useApp();
  const objects = useObjects().data ?? [];
  const save = useSaveObject();
  const [problems, setProblems] = useState<Partial<Record<ObjectSetting, string>>>({});
  const [saving, setSaving] = useState<ObjectSetting | null>(null);
  const name = labels.objectPlural(object);

  const change = (setting: ObjectSetting, value: string | boolean | null, done: string) => {
    setSaving(setting);
    save.mutate(
      { apiName: object.apiName, body: { [setting]: value } },
      {
        onSuccess: () => {
          setProblems(({ [setting]: _cleared, ...rest }) => rest);
          message.success(done);
        },
        onError: (error) => setProblems((p) => ({ ...p, [setting]: settingProblem(error, setting, t('common.error')) })),
        onSettled: () => setSaving(null),
      },
    );
  };

  const lookups = parentLookups(object);
  const parent = object.implicitParentAccess;
  const lookupLabel = (apiName: string | undefined) => {
    const field = lookups.find((f) => f.apiName === apiName);
    if (!field) return apiName ?? '';
    const target = objects.find((o) => o.apiName === field.target);
    return target ? labels.object(target) : labels.field(field);
  };
  const searchable = inGlobalSearch(object);
  const model = sharingModelOf(object);

  return (
    <Card className="ml-card ml-section ml-object-settings" size="small" title={t('setup.settings.title')} data-testid="object-settings">
      <Typography.Paragraph type="secondary" className="ml-object-settings-intro">
        {t('setup.settings.intro')}
      </Typography.Paragraph>
      <SettingRow
        setting="searchable"
        title={t('setup.settings.searchable')}
        help={searchable ? t('setup.settings.searchableOn', { object: name }) : t('setup.settings.searchableOff', { object: name })}
        problem={problems.searchable}
        control={(labelled) => (
          <Switch
            {...labelled}
            checked={searchable}
            loading={saving === 'searchable'}
            checkedChildren={t('setup.settings.on')}
            unCheckedChildren={t('setup.settings.off')}
            onChange={(on) => change('searchable', on, on ? t('setup.settings.searchableSavedOn', { object: name }) : t('setup.settings.searchableSavedOff', { object: name }))}
            data-testid="setting-searchable"
          />
        )}
      />
      <SettingRow
        setting="implicitParentAccess"
        title={t('setup.settings.parentAccess')}
        help={
          lookups.length === 0
            ? t('setup.settings.parentAccessNone')
            : parent
              ? t('setup.settings.parentAccessOn', { object: name, parent: lookupLabel(parent) })
              : t('setup.settings.parentAccessOff', { object: name, parent: lookupLabel(proposedParentLookup(object)) })
        }
        problem={problems.implicitParentAccess}
        control={(labelled) => (
          <div className="ml-setting-controls">
            {parent && lookups.length > 1 ? (
              <Select
                className="ml-setting-select"
                aria-label={t('setup.settings.parentField')}
                value={parent}
                disabled={saving === 'implicitParentAccess'}
                options={lookups.map((f) => ({ value: f.apiName, label: `${labels.field(f)} → ${lookupLabel(f.apiName)}` }))}
                onChange={(field: string) => change('implicitParentAccess', field, t('setup.settings.parentAccessSavedOn', { object: name, parent: lookupLabel(field) }))}
                data-testid="setting-parent-field"
              />
            ) : null}
            <Switch
              {...labelled}
              checked={Boolean(parent)}
              disabled={lookups.length === 0}
              loading={saving === 'implicitParentAccess'}
              checkedChildren={t('setup.settings.on')}
              unCheckedChildren={t('setup.settings.off')}
              onChange={(on) => {
                const field = proposedParentLookup(object);
                if (on) change('implicitParentAccess', field ?? null, t('setup.settings.parentAccessSavedOn', { object: name, parent: lookupLabel(field) }));
                else change('implicitParentAccess', null, t('setup.settings.parentAccessSavedOff', { object: name }));
              }}
              data-testid="setting-parent-access"
            />
          </div>
        )}
      />
      <SettingRow
        setting="sharingModel"
        title={t('setup.sharingModel')}
        help={t(`setup.settings.models.${model}`, { object: name })}
        problem={problems.sharingModel}
        control={(labelled) => (
          <Select
            {...labelled}
            className="ml-setting-select"
            value={model}
            loading={saving === 'sharingModel'}
            status={problems.sharingModel ? 'error' : undefined}
            options={sharingModelChoices(object).map((m) => ({ value: m, label: t(`setupAdmin.models.${m}`) }))}
            onChange={(m: SharingModel) => change('sharingModel', m, t('setup.settings.sharingSaved', { object: name, model: t(`setupAdmin.models.${m}`) }))}
            data-testid="setting-sharing-model"
          />
        )}
      />
    </Card>
  );
}

type Labelled = { 'aria-labelledby': string; 'aria-describedby': string; id: string };

/** One setting: its name and what it does on the left, the control (named and described by them, for screen readers) and any refusal on the right. */
function SettingRow({ setting, title, help, problem, control }: { setting: ObjectSetting; title: string; help: string; problem?: string; control: (labelled: Labelled) => ReactNode }) {
  const id = useId();
  const describedBy = problem ? `${id}-help ${id}-problem` : `${id}-help`;
  return (
    <div className="ml-setting" data-testid={`setting-row-${setting}`}>
      <div className="ml-setting-text">
        <label className="ml-setting-title" id={`${id}-title`} htmlFor={`${id}-control`}>
          {title}
        </label>
        <div className="ml-setting-help" id={`${id}-help`}>
          {help}
        </div>
      </div>
      <div className="ml-setting-control">
        {control({ 'aria-labelledby': `${id}-title`, 'aria-describedby': describedBy, id: `${id}-control` })}
        {problem ? (
          <div className="ml-row-problem ant-form-item-explain-error" id={`${id}-problem`} role="alert" data-testid={`setting-problem-${setting}`}>
            {problem}
          </div>
        ) : null}
      </div>
    </div>
  );
}
