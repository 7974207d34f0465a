/** The console's root: locale, antd theme and locale, data cache, router built from the features. */
import { useMemo } from 'react';
import { ConfigProvider, App as AntApp } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createBrowserRouter, RouterProvider } from 'react-router-dom';
import { FEATURES } from '../features';
import { I18nProvider, mergeMessages, useI18n } from './i18n';
import { ConsoleLayout } from './layout';
import { appMessages } from './locales';
import { RequireSession } from './session';
import { ErrorBoundary, NotFoundPage } from './states';

const messages = mergeMessages([appMessages, ...FEATURES.map((feature) => feature.messages)]);

const menu = FEATURES.flatMap((feature) => feature.menu ?? []);

const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false, staleTime: 5_000 } },
});

const router = createBrowserRouter([
  ...FEATURES.flatMap((feature) => feature.publicRoutes ?? []).map((route) => ({
    ...route,
    element: <ErrorBoundary>{route.element}</ErrorBoundary>,
  })),
  {
    path: '/',
    element: (
      <RequireSession>
        <ConsoleLayout menu={menu} />
      </RequireSession>
    ),
    children: [...FEATURES.flatMap((feature) => feature.routes ?? []), { path: '*', element: <NotFoundPage /> }],
  },
]);

function Themed() {
  const { locale } = useI18n();
  const antLocale = useMemo(() => (locale === 'en' ? enUS : zhCN), [locale]);
  return (
    <ConfigProvider locale={antLocale}>
      <AntApp>
        <RouterProvider router={router} />
      </AntApp>
    </ConfigProvider>
  );
}

export function App() {
  return (
    <I18nProvider messages={messages}>
      <QueryClientProvider client={queryClient}>
        <Themed />
      </QueryClientProvider>
    </I18nProvider>
  );
}
