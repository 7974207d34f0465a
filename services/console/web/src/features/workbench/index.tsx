/** 工作台: the signed-in user's to-do list, notices and unit counts. */
import type { ConsoleFeature } from '../../app/features';
import { useT } from '../../app/i18n';

function WorkbenchPage() {
  const t = useT();
  return <h1>{t('workbench.title')}</h1>;
}

export const workbenchFeature: ConsoleFeature = {
  key: 'workbench',
  menu: [{ path: '/', labelKey: 'workbench.menu', order: 0 }],
  routes: [{ index: true, element: <WorkbenchPage /> }],
  messages: {
    'zh-CN': { 'workbench.menu': '工作台', 'workbench.title': '工作台' },
    en: { 'workbench.menu': 'Workbench', 'workbench.title': 'Workbench' },
  },
};
