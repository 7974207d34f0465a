/** The shell's own texts (layout, sign-in, loading and error states); features bring theirs. */
import type { LocaleMessages } from '../i18n';

export const appMessages: LocaleMessages = {
  'zh-CN': {
    'app.title': '打击非法金融活动联席会议工作平台',
    'app.loading': '正在加载…',
    'app.error': '加载失败：{message}',
    'app.retry': '重试',
    'app.notFound': '页面不存在',
    'app.forbidden': '您无权访问此页面',
    'app.signOut': '退出登录',
    'app.language': 'English',
  },
  en: {
    'app.title': 'Joint-Meeting Platform against Illegal Financial Activity',
    'app.loading': 'Loading…',
    'app.error': 'Could not load: {message}',
    'app.retry': 'Retry',
    'app.notFound': 'Page not found',
    'app.forbidden': 'You may not open this page',
    'app.signOut': 'Sign out',
    'app.language': '中文',
  },
};
