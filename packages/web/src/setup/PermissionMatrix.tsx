import { Checkbox, Radio, Table, Tag, Typography, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import type { FieldDef, ObjectDef } from '../api/types.ts';
import { useLabels } from '../locale/labels.ts';
import { FIELD_LEVELS, OBJECT_PERMISSIONS, type FieldLevel, type ObjectGrant, type ObjectPermissionName, type PermissionGrant } from './admin-api.ts';

// Set by the platform: always read-only, nothing to choose.
const SERVER_SET = new Set(['id', 'createdAt', 'createdBy', 'updatedAt', 'updatedBy']);
// Every record needs these: field-level security cannot hide them.
const ALWAYS_VISIBLE = new Set(['name', 'ownerId']);

type Props = {
  objects: ObjectDef[];
  value: PermissionGrant;
  onChange: (next: PermissionGrant) => void;
  /** The server's problems by path (`permissions.objects.deal`, `permissions.fields.deal.secret`), shown on their row. */
  problems: Map<string, string>;
};

const ALL = '*';

/** Objects × what may be done with them, and per object each field's level; an object not listed follows the default row. */
export function PermissionMatrix({ objects, value, onChange, problems }: Props) {
  const { t } = useTranslation();
  const labels = useLabels();
  const effective = (object: string): ObjectGrant => (object === ALL ? (value.allObjects ?? {}) : (value.objects?.[object] ?? value.allObjects ?? {}));
  const own = (object: string): boolean => object === ALL || Boolean(value.objects && Object.hasOwn(value.objects, object));

  const setObject = (object: string, perm: ObjectPermissionName, on: boolean) => {
    const next = { ...effective(object), [perm]: on };
    if (object === ALL) onChange({ ...value, allObjects: next });
    else onChange({ ...value, objects: { ...value.objects, [object]: next } });
  };
  const inherit = (object: string) => {
    const { [object]: _dropped, ...rest } = value.objects ?? {};
    onChange({ ...value, objects: rest });
  };
  const setField = (object: string, field: string, level: FieldLevel) => {
    const { [field]: _old, ...others } = value.fields?.[object] ?? {};
    // Editable is what a field no grant names already is: keep the grant small.
    const forObject = level === 'editable' ? others : { ...others, [field]: level };
    const { [object]: _o, ...rest } = value.fields ?? {};
    onChange({ ...value, fields: Object.keys(forObject).length > 0 ? { ...rest, [object]: forObject } : rest });
  };

  const rows: { key: string; label: string; object?: ObjectDef }[] = [{ key: ALL, label: t('setupAdmin.holders.allObjects') }, ...objects.map((o) => ({ key: o.apiName, label: labels.objectPlural(o), object: o }))];
  const restricted = (o: ObjectDef): number => Object.keys(value.fields?.[o.apiName] ?? {}).length;

  return (
    <Table
      className="ml-table ml-matrix"
      size="small"
      rowKey="key"
      pagination={false}
      scroll={{ x: 'max-content' }}
      sticky={{ offsetHeader: 56 }}
      dataSource={rows}
      expandable={{
        rowExpandable: (r) => Boolean(r.object),
        expandedRowRender: (r) => <FieldLevels object={r.object!} levels={value.fields?.[r.key] ?? {}} onChange={(f, l) => setField(r.key, f, l)} problems={problems} />,
        expandRowByClick: false,
      }}
      columns={[
        {
          key: 'object',
          title: t('setupAdmin.holders.object'),
          fixed: 'left',
          render: (_, r) => {
            const problem = problems.get(`permissions.objects.${r.key}`) ?? problems.get(`permissions.fields.${r.key}`);
            return (
              <div data-testid={`matrix-row-${r.key}`}>
                <strong>{r.label}</strong>
                {r.object && !own(r.key) ? <Tag className="ml-tag-inline">{t('setupAdmin.holders.followsDefault')}</Tag> : null}
                {r.object && restricted(r.object) > 0 ? <Tag color="orange" className="ml-tag-inline">{t('setupAdmin.holders.restrictedFields', { count: restricted(r.object) })}</Tag> : null}
                {problem ? <Typography.Text type="danger" className="ml-row-problem">{problem}</Typography.Text> : null}
              </div>
            );
          },
        },
        ...OBJECT_PERMISSIONS.map((perm) => ({
          key: perm,
          title: t(`setupAdmin.perms.${perm}`),
          align: 'center' as const,
          render: (_: unknown, r: (typeof rows)[number]) => (
            <Checkbox
              aria-label={`${r.label}: ${t(`setupAdmin.perms.${perm}`)}`}
              checked={effective(r.key)[perm] === true}
              disabled={value.modifyAllData === true}
              onChange={(e) => setObject(r.key, perm, e.target.checked)}
              data-testid={`perm-${r.key}-${perm}`}
            />
          ),
        })),
        {
          key: 'inherit',
          title: '',
          render: (_, r) =>
            r.object && own(r.key) ? (
              <Button size="small" type="link" onClick={() => inherit(r.key)}>
                {t('setupAdmin.holders.useDefault')}
              </Button>
            ) : null,
        },
      ]}
    />
  );
}

function FieldLevels({ object, levels, onChange, problems }: { object: ObjectDef; levels: Record<string, FieldLevel>; onChange: (field: string, level: FieldLevel) => void; problems: Map<string, string> }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const fields = object.fields.filter((f: FieldDef) => !SERVER_SET.has(f.apiName));
  return (
    <div className="ml-field-levels" data-testid={`field-levels-${object.apiName}`}>
      {fields.map((f) => {
        const problem = problems.get(`permissions.fields.${object.apiName}.${f.apiName}`);
        const name = `${labels.object(object)} · ${labels.field(f)}`;
        return (
          <div className="ml-field-level" key={f.apiName} data-testid={`field-level-${object.apiName}-${f.apiName}`}>
            <span className="ml-field-level-name">
              {labels.field(f)} <Typography.Text type="secondary" code>{f.apiName}</Typography.Text>
            </span>
            <Radio.Group
              size="small"
              optionType="button"
              aria-label={name}
              value={levels[f.apiName] ?? 'editable'}
              onChange={(e) => onChange(f.apiName, e.target.value as FieldLevel)}
              options={FIELD_LEVELS.map((l) => ({ value: l, label: t(`setupAdmin.levels.${l}`), disabled: l === 'hidden' && ALWAYS_VISIBLE.has(f.apiName) }))}
            />
            {problem ? <Typography.Text type="danger">{problem}</Typography.Text> : null}
          </div>
        );
      })}
    </div>
  );
}
