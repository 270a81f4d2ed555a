import { QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider, Spin, theme } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import zhTW from 'antd/locale/zh_TW';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import 'dayjs/locale/zh-tw';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { useMe } from '../api/session.ts';
import type { Locale } from '../api/types.ts';
import { isLocale } from '../i18n/i18n.ts';
import { KanbanPage } from '../records/KanbanBoard.tsx';
import { ObjectListPage } from '../records/ObjectListPage.tsx';
import { RecordPage } from '../records/RecordPage.tsx';
import { SearchResultsPage } from '../search/SearchResultsPage.tsx';
import { CaseConsolePage } from '../service/CaseConsole.tsx';
import { HomePage } from '../home/HomePage.tsx';
import { FollowingPage } from '../following/FollowingPage.tsx';
import { NotFoundPage } from './NotFoundPage.tsx';
import { createQueryClient } from './query-client.ts';
import { Shell } from './Shell.tsx';
import { SignInPage } from './SignInPage.tsx';

// Setup is for administrators only: its code loads when they open it.
const SetupRoutes = lazy(() => import('../setup/SetupRoutes.tsx'));
// The dashboard carries ECharts: its code loads when someone opens it, not with the first page.
const DashboardPage = lazy(() => import('../dashboard/DashboardPage.tsx'));

const ANTD_LOCALE = { 'zh-CN': zhCN, 'zh-TW': zhTW, en: enUS } as const;
const DAYJS_LOCALE: Record<Locale, string> = { 'zh-CN': 'zh-cn', 'zh-TW': 'zh-tw', en: 'en' };

// Traditional Chinese set in a Traditional face: the shared CJK characters have different shapes in Taiwan's standard.
const CJK_FONTS: Record<Locale, string> = {
  'zh-CN': "'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC'",
  'zh-TW': "'PingFang TC', 'Microsoft JhengHei', 'Noto Sans CJK TC', 'Noto Sans TC', 'Source Han Sans TC'",
  en: "'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Noto Sans SC'",
};
const fontFor = (locale: Locale) => `-apple-system, BlinkMacSystemFont, 'Segoe UI', ${CJK_FONTS[locale]}, 'Helvetica Neue', Arial, sans-serif`;

export function App() {
  const [client] = useState(createQueryClient);
  const { i18n } = useTranslation();
  const locale: Locale = isLocale(i18n.language) ? i18n.language : 'zh-CN';
  dayjs.locale(DAYJS_LOCALE[locale]);
  return (
    <ConfigProvider
      locale={ANTD_LOCALE[locale]}
      theme={{ algorithm: theme.defaultAlgorithm, token: { colorPrimary: '#1d39c4', borderRadius: 6, fontFamily: fontFor(locale) }, components: { Layout: { siderBg: '#0f1b3d', headerBg: '#ffffff' } } }}
    >
      <AntApp>
        <QueryClientProvider client={client}>
          <BrowserRouter>
            <Routes>
              <Route path="/signin" element={<SignInPage />} />
              <Route element={<RequireSession />}>
                <Route index element={<HomePage />} />
                <Route
                  path="/dashboard"
                  element={
                    <Suspense fallback={<Spin className="ml-page-spin" />}>
                      <DashboardPage />
                    </Suspense>
                  }
                />
                <Route path="/o/:object" element={<ObjectListPage />} />
                <Route path="/o/:object/board" element={<KanbanPage />} />
                <Route path="/o/:object/:id" element={<RecordPage />} />
                <Route path="/search" element={<SearchResultsPage />} />
                <Route path="/service" element={<CaseConsolePage />} />
                <Route path="/following" element={<FollowingPage />} />
                <Route
                  path="/setup/*"
                  element={
                    <Suspense fallback={<Spin className="ml-page-spin" />}>
                      <SetupRoutes />
                    </Suspense>
                  }
                />
                <Route path="*" element={<NotFoundPage />} />
              </Route>
            </Routes>
          </BrowserRouter>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}

/** Pages behind sign-in: anyone without a session goes to /signin and comes back afterwards. */
function RequireSession() {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <Spin className="ml-page-spin" size="large" />;
  if (!me.data) return <Navigate to={`/signin?returnTo=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  return <Shell />;
}
