import { Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Route, Routes } from 'react-router';
import { useMe } from '../api/session.ts';
import { ApiKeysPage } from './ApiKeysPage.tsx';
import { FieldManager } from './FieldManager.tsx';
import { IdentityProvidersPage } from './IdentityProvidersPage.tsx';
import { ObjectManager } from './ObjectManager.tsx';
import { PermissionHoldersPage } from './PermissionHoldersPage.tsx';
import { RolesPage } from './RolesPage.tsx';
import { SecurityAuditPage } from './SecurityAuditPage.tsx';
import { SetupLayout } from './SetupLayout.tsx';
import { SharingPage } from './SharingPage.tsx';
import { TeamsPage } from './TeamsPage.tsx';
import { UsersPage } from './UsersPage.tsx';

/** Setup, for workspace administrators (the server refuses everyone else anyway). Loaded on demand. */
export default function SetupRoutes() {
  const { t } = useTranslation();
  const me = useMe().data;
  if (!me?.isAdmin) return <Result status="403" subTitle={t('setup.adminOnly')} />;
  return (
    <Routes>
      <Route element={<SetupLayout />}>
        <Route index element={<ObjectManager />} />
        <Route path="objects/:object" element={<FieldManager />} />
        <Route path="users" element={<UsersPage />} />
        <Route path="roles" element={<RolesPage />} />
        <Route path="profiles" element={<PermissionHoldersPage kind="profiles" />} />
        <Route path="permission-sets" element={<PermissionHoldersPage kind="permission-sets" />} />
        <Route path="sharing" element={<SharingPage />} />
        <Route path="teams" element={<TeamsPage />} />
        <Route path="api-keys" element={<ApiKeysPage />} />
        <Route path="sso" element={<IdentityProvidersPage />} />
        <Route path="audit" element={<SecurityAuditPage />} />
      </Route>
    </Routes>
  );
}
