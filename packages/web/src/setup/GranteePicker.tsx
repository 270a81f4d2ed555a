import { Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { useAdminUsers, useRoles, useTeams, type Grantee, type GranteeType } from './admin-api.ts';

export const GRANTEE_TYPES: GranteeType[] = ['role', 'roleAndSubordinates', 'team', 'user'];

/** The people a sharing rule is about: those who own the records, or those who get them. */
export function useGranteeName() {
  const { t } = useTranslation();
  const users = useAdminUsers().data ?? [];
  const roles = useRoles().data ?? [];
  const teams = useTeams().data ?? [];
  return (g: Grantee | undefined): string => {
    if (!g) return '';
    const list = g.type === 'user' ? users : g.type === 'team' ? teams : roles;
    return `${t(`setupAdmin.grantees.${g.type}`)}: ${list.find((x) => x.id === g.id)?.name ?? g.id}`;
  };
}

type Props = { value?: Partial<Grantee>; onChange?: (value: Partial<Grantee>) => void; id?: string; label: string };

/** A kind (role, role and subordinates, team, user) and which one of that kind. */
export function GranteePicker({ value = {}, onChange, id, label }: Props) {
  const { t } = useTranslation();
  const users = useAdminUsers().data ?? [];
  const roles = useRoles().data ?? [];
  const teams = useTeams().data ?? [];
  const type = value.type ?? 'role';
  const list = type === 'user' ? users.filter((u) => u.active) : type === 'team' ? teams : roles;
  return (
    <Space.Compact block>
      <Select
        id={id}
        aria-label={`${label}: ${t('setupAdmin.grantees.kind')}`}
        className="ml-grantee-type"
        value={type}
        options={GRANTEE_TYPES.map((g) => ({ value: g, label: t(`setupAdmin.grantees.${g}`) }))}
        onChange={(next: GranteeType) => onChange?.({ type: next })}
      />
      <Select
        aria-label={label}
        className="ml-grantee-id"
        showSearch={{ optionFilterProp: 'label' }}
        value={value.id}
        placeholder={t('setupAdmin.grantees.pick')}
        options={list.map((x) => ({ value: x.id, label: x.name }))}
        onChange={(next: string) => onChange?.({ type, id: next })}
      />
    </Space.Compact>
  );
}
