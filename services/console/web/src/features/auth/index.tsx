/** 登录, 修改密码, 两步验证, 我的账户: the session's own screens. */
import type { ConsoleFeature } from '../../app/features';
import { AccountPage } from './AccountPage';
import { authMessages } from './locales';
import { PasswordPage } from './PasswordPage';
import { SignInPage } from './SignInPage';
import { TotpPage } from './TotpPage';

export const authFeature: ConsoleFeature = {
  key: 'auth',
  publicRoutes: [{ path: '/sign-in', element: <SignInPage /> }],
  routes: [
    { path: 'account', element: <AccountPage /> },
    { path: 'account/password', element: <PasswordPage /> },
    { path: 'account/totp', element: <TotpPage /> },
  ],
  messages: authMessages,
};
