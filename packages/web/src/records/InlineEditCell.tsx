import { EditOutlined } from '@ant-design/icons';
import { App, Button, Popover, Space, Typography } from 'antd';
import { useRef, useState, type KeyboardEvent, type ReactNode, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemError } from '../api/http.ts';
import { useSaveRecord } from '../api/records.ts';
import type { FieldDef, ObjectDef, PermissionsDocument, RecordRow } from '../api/types.ts';
import { showProblems, problemsOn } from '../actions/problem-fields.ts';
import { picksOnEnter } from '../fields/enter-key.ts';
import { FIELD_INPUTS } from '../fields/field-inputs.tsx';
import { useLabels } from '../locale/labels.ts';
import { formFields } from './form-fields.ts';

/** Long text needs the record page's room, JSON a whole form; everything else a form can edit, a cell can. */
const NOT_IN_CELLS = new Set(['longText', 'richText', 'json']);
const NOT_ON_RECORD_PAGE = new Set(['json']);

/** The fields the actor may change in place: in a list's cells, or (`roomy`) on the record page. */
export function inlineEditable(object: ObjectDef, permissions: PermissionsDocument | undefined, roomy = false): Set<string> {
  if (!permissions?.objects[object.apiName]?.permissions.edit) return new Set();
  const excluded = roomy ? NOT_ON_RECORD_PAGE : NOT_IN_CELLS;
  return new Set(formFields(object, permissions).filter((f) => !f.readOnly && !excluded.has(f.field.type)).map((f) => f.field.apiName));
}

/** Enter saves from a plain input; in a select or date picker it picks, in a text area it breaks the line (Ctrl+Enter saves). */
const savesOnEnter = (e: KeyboardEvent): boolean => {
  if (e.key !== 'Enter' || e.nativeEvent.isComposing || picksOnEnter(e)) return false;
  return (e.target as HTMLElement).tagName !== 'TEXTAREA' || e.ctrlKey || e.metaKey;
};

// A popover renders in a portal, but React still bubbles its clicks to the row, which would open the record.
const keepInCell = (e: SyntheticEvent) => e.stopPropagation();

/**
 * A value with an edit button (or double-click): the field's own input in a popover,
 * focused on opening; Enter or Save PATCHes, Escape cancels; the server's refusal shows
 * beside it and the value stays. Used by list cells and the record page's fields.
 */
export function InlineEditCell({ object, field, record, children }: { object: ObjectDef; field: FieldDef; record: RecordRow; children: ReactNode }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const { message } = App.useApp();
  const save = useSaveRecord(object.apiName);
  const [open, setOpen] = useState(false);
  const [value, setValue] = useState<unknown>(record[field.apiName] ?? null);
  const [problem, setProblem] = useState<string | null>(null);
  const editorRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const label = labels.field(field);
  const Input = FIELD_INPUTS[field.type];

  const start = (e: SyntheticEvent) => {
    e.stopPropagation();
    setValue(record[field.apiName] ?? null);
    setProblem(null);
    setOpen(true);
  };
  const close = () => {
    setOpen(false);
    buttonRef.current?.focus();
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') return close();
    if (savesOnEnter(e)) {
      e.preventDefault();
      submit();
    }
  };
  const submit = () =>
    save.mutate(
      { id: record.id, values: { [field.apiName]: value } },
      {
        onSuccess: () => {
          close();
          message.success(t('common.saved'));
        },
        onError: (error) => {
          const own = problemsOn(error, field.apiName);
          // A refusal of the whole record (no edit access to it) reads best as the server's localised title.
          if (own.length === 0 && error instanceof ProblemError && error.status === 403) return setProblem(error.problem.title);
          setProblem((own.length > 0 ? own : showProblems(undefined, error, [], t('common.error'))).join(' '));
        },
      },
    );

  const editor = (
    <div ref={editorRef} className="ml-inline-editor" onClick={keepInCell} onDoubleClick={keepInCell} onKeyDown={onKeyDown} data-testid="inline-editor">
      <label className="ml-inline-label" htmlFor={`inline-${record.id}-${field.apiName}`}>
        {label}
      </label>
      <Input field={field} value={value} onChange={setValue} id={`inline-${record.id}-${field.apiName}`} status={problem ? 'error' : undefined} />
      {problem ? (
        <Typography.Text type="danger" className="ml-inline-problem" role="alert" data-testid="inline-problem">
          {problem}
        </Typography.Text>
      ) : null}
      <Space className="ml-inline-buttons">
        <Button size="small" onClick={close}>
          {t('common.cancel')}
        </Button>
        <Button size="small" type="primary" loading={save.isPending} onClick={submit} data-testid="inline-save">
          {t('common.save')}
        </Button>
      </Space>
    </div>
  );
  return (
    <Popover
      open={open}
      onOpenChange={(next) => !next && setOpen(false)}
      afterOpenChange={(shown) => shown && editorRef.current?.querySelector<HTMLElement>('input:not([disabled]), textarea, .ant-select-selector, button')?.focus()}
      content={editor}
      trigger="click"
      placement="bottomLeft"
      destroyOnHidden
    >
      <div className="ml-cell-edit" onDoubleClick={start}>
        <span className="ml-cell-value">{children}</span>
        <Button ref={buttonRef} type="text" size="small" className="ml-cell-edit-button" icon={<EditOutlined />} aria-label={t('listActions.editCell', { field: label })} onClick={start} data-testid={`inline-edit-${field.apiName}`} />
      </div>
    </Popover>
  );
}
