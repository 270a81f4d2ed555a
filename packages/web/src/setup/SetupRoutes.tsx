import { Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Route, Routes } from 'react-router';
import { useMe } from '../api/session.ts';
import { FieldManager } from './FieldManager.tsx';
import { ObjectManager } from './ObjectManager.tsx';

/** Setup, for workspace administrators (the server refuses everyone else anyway). Loaded on demand. */
export default function SetupRoutes() {
  const { t } = useTranslation();
  const me = useMe().data;
  if (!me?.isAdmin) return <Result status="403" subTitle={t('setup.adminOnly')} />;
  return (
    <Routes>
      <Route index element={<ObjectManager />} />
      <Route path="objects/:object" element={<FieldManager />} />
    </Routes>
  );
}
