import { ThunderboltOutlined } from '@ant-design/icons';
import { App, Button, Popconfirm, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useObjectActions, useRunAction } from '../api/mainline.ts';
import type { RecordAccess } from '../api/records.ts';
import type { ObjectDef, RecordRow } from '../api/types.ts';
import { ACTION_NAMES, FOLLOW_RESULT, OWN_SCREENS, actionInputsOf, offeredAction, type ActionNameKey } from './action-inputs.ts';
import { ActionFormDialog } from './ActionFormDialog.tsx';
import { ConvertLeadDialog } from './ConvertLeadDialog.tsx';
import { showProblems } from './problem-fields.ts';
import { QuoteBuilder } from './QuoteBuilder.tsx';

/** The record's business actions as buttons: a confirmation for those without inputs, a dialog for the others. */
export function ActionBar({ object, record, canEdit, access }: { object: ObjectDef; record: RecordRow; canEdit: boolean; access: RecordAccess | undefined }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const actions = useObjectActions(object.apiName).data ?? [];
  const run = useRunAction(object.apiName, record.id);
  const [open, setOpen] = useState<string | null>(null);
  const label = (name: string): string => (ACTION_NAMES.has(name) ? t(`actions.names.${name as ActionNameKey}`) : name);
  // Until the record's access is known nothing is offered, so no button flashes by.
  if (!access) return null;

  const follow = (name: string, result: Record<string, unknown>) => {
    const to = FOLLOW_RESULT[`${object.apiName}.${name}`];
    const made = to ? (result[to.key] as RecordRow | undefined) : undefined;
    if (to && made?.id && made.id !== record.id) navigate(`/o/${to.object}/${made.id}`);
  };
  const runPlain = (name: string) =>
    run.mutateAsync({ action: name }).then(
      (result) => {
        const order = result.order as RecordRow | undefined;
        // Placing an order over the credit limit holds it: say why, in the server's words.
        if (order?.status === 'onHold') modal.warning({ title: t('actions.heldReason'), content: String(order.holdReason ?? '') });
        else message.success(t('actions.done', { action: label(name) }));
        follow(name, result);
      },
      (error: unknown) => void message.error(showProblems(undefined, error, [], t('common.error')).join(' ')),
    );

  const dialog = open ? actionInputsOf(object.apiName, open) : undefined;
  const offered = actions.filter((a) => !a.collection && offeredAction(a.name, canEdit, access));
  return (
    <>
      {/* Its own row of spaced buttons: the page's Space sees the bar as one item. */}
      {offered.length > 0 ? (
        <Space wrap>
          {offered.map((a) => {
            const key = `${object.apiName}.${a.name}`;
            const button = (
              <Button key={a.name} icon={<ThunderboltOutlined />} data-testid={`action-${a.name}`} loading={run.isPending && run.variables?.action === a.name} onClick={OWN_SCREENS.has(key) || actionInputsOf(object.apiName, a.name) ? () => setOpen(a.name) : undefined}>
                {label(a.name)}
              </Button>
            );
            if (OWN_SCREENS.has(key) || actionInputsOf(object.apiName, a.name)) return button;
            return (
              <Popconfirm key={a.name} title={t('actions.confirm', { action: label(a.name) })} okText={label(a.name)} cancelText={t('common.cancel')} onConfirm={() => runPlain(a.name)}>
                {button}
              </Popconfirm>
            );
          })}
        </Space>
      ) : null}
      {open === 'convert' && object.apiName === 'lead' ? <ConvertLeadDialog id={record.id} onClose={() => setOpen(null)} onDone={(r) => follow('convert', r)} /> : null}
      {open === 'addProduct' && object.apiName === 'quote' ? <QuoteBuilder quoteId={record.id} onClose={() => setOpen(null)} /> : null}
      {open && dialog ? <ActionFormDialog object={object.apiName} id={record.id} action={open} title={label(open)} inputs={dialog.inputs} labels={dialog.labels} onClose={() => setOpen(null)} /> : null}
    </>
  );
}
