/** 工作台: the signed-in user's to-do list, notices and unit counts. */
import { HomeOutlined } from '@ant-design/icons';
import type { ConsoleFeature } from '../../app/features';
import { workbenchMessages } from './locales';
import { WorkbenchPage } from './WorkbenchPage';

export const workbenchFeature: ConsoleFeature = {
  key: 'workbench',
  menu: [{ path: '/', labelKey: 'workbench.menu', icon: <HomeOutlined />, order: 0 }],
  routes: [{ index: true, element: <WorkbenchPage /> }],
  messages: workbenchMessages,
};
