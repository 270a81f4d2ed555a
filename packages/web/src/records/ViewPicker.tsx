import { DeleteOutlined, EditOutlined, MoreOutlined } from '@ant-design/icons';
import { App, Button, Dropdown, Form, Input, Modal, Radio, Select, Space, Tag, type SelectProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemError } from '../api/http.ts';
import { usePermissions } from '../api/metadata.ts';
import { useDeleteView, useSaveView, type ListView, type SortKey } from '../api/views.ts';
import { labelIn, useLabels } from '../locale/labels.ts';

/** What the list shows now: the chosen view with the user's changes on top. */
export type ViewState = { columns: string[]; filter: unknown; sort: SortKey[] };

type Props = {
  object: string;
  views: ListView[];
  current: ListView | undefined;
  state: ViewState;
  modified: boolean;
  onSelect: (id: string | undefined) => void;
  onReset: () => void;
};

export function useViewLabel() {
  const labels = useLabels();
  return (view: ListView) => (typeof view.label === 'string' ? view.label : labelIn(view.label, labels.locale, view.id));
}

/**
 * The list's saved views: standard, shared and the user's own; and, once
 * the user has changed columns, filter or sort, saving that into the view
 * (when they may change it) or into a new one.
 */
export function ViewPicker({ object, views, current, state, modified, onSelect, onReset }: Props) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const label = useViewLabel();
  const mayShare = usePermissions().data?.manageSharedViews === true;
  const save = useSaveView(object);
  const remove = useDeleteView(object);
  const [naming, setNaming] = useState<'new' | 'rename' | null>(null);

  const groups = [
    { title: t('views.standard'), items: views.filter((v) => v.standard) },
    { title: t('views.shared'), items: views.filter((v) => !v.standard && v.visibility === 'shared') },
    { title: t('views.mine'), items: views.filter((v) => v.visibility === 'private') },
  ].filter((g) => g.items.length > 0);

  const options: SelectProps['options'] =
    views.length === 0 ? [{ value: '', label: t('views.allRecords') }] : groups.map((g) => ({ label: g.title, title: g.title, options: g.items.map((v) => ({ value: v.id, label: label(v) })) }));

  const failed = (error: unknown) => message.error(error instanceof ProblemError ? (error.problem.errors?.[0]?.message ?? error.problem.detail ?? error.problem.title) : String(error));
  const saveCurrent = () =>
    save.mutate(
      { id: current!.id, draft: state },
      {
        onSuccess: () => {
          message.success(t('views.saved'));
          onReset();
        },
        onError: failed,
      },
    );
  const confirmDelete = () =>
    modal.confirm({
      title: t('views.deleteConfirm', { name: label(current!) }),
      okButtonProps: { danger: true },
      okText: t('views.delete'),
      onOk: () =>
        remove.mutateAsync(current!.id).then(
          () => {
            message.success(t('views.deleted'));
            onSelect(undefined);
          },
          failed,
        ),
    });

  return (
    <Space wrap size={6} className="ml-view-picker">
      <Select
        aria-label={t('views.view')}
        data-testid="view-picker"
        className="ml-view-select"
        popupMatchSelectWidth={false}
        value={current?.id ?? ''}
        onChange={(id: string) => onSelect(id || undefined)}
        options={options}
      />
      {modified ? (
        <>
          <Tag color="gold">{t('views.modified')}</Tag>
          {current?.editable ? (
            <Button size="small" type="primary" onClick={saveCurrent} loading={save.isPending} data-testid="view-save">
              {t('views.save')}
            </Button>
          ) : null}
          <Button size="small" onClick={() => setNaming('new')} data-testid="view-save-as">
            {t('views.saveAs')}
          </Button>
          <Button size="small" type="text" onClick={onReset}>
            {t('views.reset')}
          </Button>
        </>
      ) : null}
      {current?.editable ? (
        <Dropdown
          trigger={['click']}
          menu={{
            items: [
              { key: 'rename', icon: <EditOutlined />, label: t('views.rename'), onClick: () => setNaming('rename') },
              { key: 'delete', icon: <DeleteOutlined />, danger: true, label: t('views.delete'), onClick: confirmDelete },
            ],
          }}
        >
          <Button size="small" type="text" icon={<MoreOutlined />} aria-label={t('views.more')} data-testid="view-menu" />
        </Dropdown>
      ) : null}
      {naming ? (
        <NameDialog
          initial={naming === 'rename' && current ? label(current) : ''}
          withVisibility={naming === 'new' && mayShare}
          busy={save.isPending}
          onCancel={() => setNaming(null)}
          onSubmit={(name, visibility) =>
            save.mutate(naming === 'rename' ? { id: current!.id, draft: { label: name } } : { draft: { ...state, label: name, visibility } }, {
              onSuccess: (view) => {
                message.success(t('views.saved'));
                setNaming(null);
                if (naming === 'new') onSelect(view.id);
              },
              onError: failed,
            })
          }
        />
      ) : null}
    </Space>
  );
}

function NameDialog(props: { initial: string; withVisibility: boolean; busy: boolean; onCancel: () => void; onSubmit: (name: string, visibility: 'private' | 'shared') => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ name: string; visibility: 'private' | 'shared' }>();
  return (
    <Modal open title={props.initial ? t('views.rename') : t('views.saveAs')} onCancel={props.onCancel} onOk={() => form.submit()} confirmLoading={props.busy} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ name: props.initial, visibility: 'private' }} onFinish={(v) => props.onSubmit(v.name.trim(), v.visibility)}>
        <Form.Item name="name" label={t('views.name')} rules={[{ required: true, whitespace: true, max: 100 }]}>
          <Input autoFocus maxLength={100} data-testid="view-name" />
        </Form.Item>
        {props.withVisibility ? (
          <Form.Item name="visibility" label={t('views.visibility')}>
            <Radio.Group
              options={[
                { value: 'private', label: t('views.private') },
                { value: 'shared', label: t('views.sharedWithAll') },
              ]}
            />
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
}
