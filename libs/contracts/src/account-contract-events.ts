/**
 * The console's contract (owned by the console service): accounts (`account-<id>`), an agency's sign-in
 * security policy (`agency-security-<agency>`) and failed sign-ins under names no account has
 * (`sign-in-<yyyy-mm-dd>`). Nothing secret is in these events: no password, hash, one-time password,
 * TOTP secret or session cookie; the credentials live in the console's own tables.
 */
import type { LabelTable } from '@jm/reference';
import { ContractSpec, ContractUnionOf, contractDecoder, contractTypes, version1Requiring } from './contract-event';

export const ACCOUNT_STREAM_PREFIX = 'account-';
export const AGENCY_SECURITY_STREAM_PREFIX = 'agency-security-';
export const SIGN_IN_LOG_STREAM_PREFIX = 'sign-in-';
export const toAccountStreamId = (accountId: string): string => `${ACCOUNT_STREAM_PREFIX}${accountId}`;
export const toAgencySecurityStreamId = (agency: string): string => `${AGENCY_SECURITY_STREAM_PREFIX}${agency}`;
/** One stream per day (UTC) of failed sign-ins under unknown names. */
export const toSignInLogStreamId = (at: string): string => `${SIGN_IN_LOG_STREAM_PREFIX}${at.slice(0, 10)}`;

/** Who did it: an admin, the account holder, or the system (time, first start). */
export interface AccountActorRef {
  agency: string;
  user: string;
}

interface AccountData {
  accountId: string;
  at: string;
}

/** An identity platform's subject the account stands for (OpenID Connect sign-in); no password then. */
export interface ExternalSubject {
  issuer: string;
  subject: string;
}

/** `jurisdiction`: the agency's, so that auditors of a region see its accounts (reporting's audit scope). */
export type AccountCreatedData = AccountData & {
  agency: string;
  jurisdiction: string;
  username: string;
  displayName: string;
  roles: string[];
  external?: ExternalSubject;
  by: AccountActorRef;
};
export type AccountRolesChangedData = AccountData & { agency: string; roles: string[]; previousRoles: string[]; by: AccountActorRef };
export type AccountDisplayNameChangedData = AccountData & { displayName: string; by: AccountActorRef };
export type AccountDisabledData = AccountData & { reason: string; by: AccountActorRef };
export type AccountEnabledData = AccountData & { by: AccountActorRef };
/** A one-time password was issued (at creation or by an admin's reset): it must be changed at the next sign-in. */
export type OneTimePasswordIssuedData = AccountData & { reason: 'created' | 'reset'; by: AccountActorRef };
export type PasswordChangedData = AccountData;
export type TotpEnrolledData = AccountData;
export type TotpDisabledData = AccountData & { by: AccountActorRef };
export type SignInMethod = 'password' | 'oidc';
export type SignedInData = AccountData & { sessionId: string; method: SignInMethod; client: string };
export type SignInFailureReason = 'password' | 'totp' | 'disabled';
export type SignInFailedData = AccountData & { reason: SignInFailureReason; consecutiveFailures: number; client: string };
export type AccountLockedData = AccountData & { until: string; consecutiveFailures: number };
export type AccountUnlockedData = AccountData & { by: 'time' | 'admin'; admin?: AccountActorRef };
export type SignedOutData = AccountData & { sessionId: string; reason: 'sign_out' | 'idle' | 'expired' };
export type SessionsRevokedData = AccountData & { reason: string; by: AccountActorRef };

export type AgencySecurityPolicySetData = { agency: string; jurisdiction: string; totpRequired: boolean; by: AccountActorRef; at: string };
/** `username`: as typed when it has the shape of a username, else omitted (it may be a mistyped password). */
export type UnknownAccountSignInFailedData = { username?: string; client: string; at: string };

export interface AccountEventDataByType {
  AccountCreated: AccountCreatedData;
  AccountRolesChanged: AccountRolesChangedData;
  AccountDisplayNameChanged: AccountDisplayNameChangedData;
  AccountDisabled: AccountDisabledData;
  AccountEnabled: AccountEnabledData;
  OneTimePasswordIssued: OneTimePasswordIssuedData;
  PasswordChanged: PasswordChangedData;
  TotpEnrolled: TotpEnrolledData;
  TotpDisabled: TotpDisabledData;
  SignedIn: SignedInData;
  SignInFailed: SignInFailedData;
  AccountLocked: AccountLockedData;
  AccountUnlocked: AccountUnlockedData;
  SignedOut: SignedOutData;
  SessionsRevoked: SessionsRevokedData;
}

export interface AgencySecurityEventDataByType {
  AgencySecurityPolicySet: AgencySecurityPolicySetData;
}

export interface SignInLogEventDataByType {
  UnknownAccountSignInFailed: UnknownAccountSignInFailedData;
}

export type AccountContractEventType = keyof AccountEventDataByType;
export type AccountContractEvent = ContractUnionOf<AccountEventDataByType>;
export type AgencySecurityContractEvent = ContractUnionOf<AgencySecurityEventDataByType>;
export type SignInLogContractEvent = ContractUnionOf<SignInLogEventDataByType>;

const v1 = version1Requiring('accountId');

export const ACCOUNT_CONTRACT: ContractSpec<AccountContractEvent> = {
  AccountCreated: v1('agency', 'username', 'roles', 'by'),
  AccountRolesChanged: v1('roles', 'previousRoles', 'by'),
  AccountDisplayNameChanged: v1('by'),
  AccountDisabled: v1('by'),
  AccountEnabled: v1('by'),
  OneTimePasswordIssued: v1('by'),
  PasswordChanged: v1(),
  TotpEnrolled: v1(),
  TotpDisabled: v1('by'),
  SignedIn: v1('sessionId'),
  SignInFailed: v1(),
  AccountLocked: v1('until'),
  AccountUnlocked: v1(),
  SignedOut: v1('sessionId'),
  SessionsRevoked: v1('by'),
};

export const AGENCY_SECURITY_CONTRACT: ContractSpec<AgencySecurityContractEvent> = {
  AgencySecurityPolicySet: version1Requiring('agency')('by'),
};

export const SIGN_IN_LOG_CONTRACT: ContractSpec<SignInLogContractEvent> = {
  UnknownAccountSignInFailed: version1Requiring('client')(),
};

export const ACCOUNT_CONTRACT_EVENT_TYPES = contractTypes(ACCOUNT_CONTRACT);
export const decodeAccountEvent = contractDecoder('account', ACCOUNT_CONTRACT);
export const decodeAgencySecurityEvent = contractDecoder('agency-security', AGENCY_SECURITY_CONTRACT);
export const decodeSignInLogEvent = contractDecoder('sign-in', SIGN_IN_LOG_CONTRACT);

/** The console's event types, labelled (the audit timeline's type column). */
export const ACCOUNT_EVENT_LABELS = {
  AccountCreated: { 'zh-CN': '创建账号', en: 'Account created' },
  AccountRolesChanged: { 'zh-CN': '调整账号角色', en: 'Account roles changed' },
  AccountDisplayNameChanged: { 'zh-CN': '修改账号姓名', en: 'Account name changed' },
  AccountDisabled: { 'zh-CN': '停用账号', en: 'Account disabled' },
  AccountEnabled: { 'zh-CN': '启用账号', en: 'Account enabled' },
  OneTimePasswordIssued: { 'zh-CN': '签发一次性密码', en: 'One-time password issued' },
  PasswordChanged: { 'zh-CN': '修改密码', en: 'Password changed' },
  TotpEnrolled: { 'zh-CN': '启用动态口令', en: 'TOTP enrolled' },
  TotpDisabled: { 'zh-CN': '停用动态口令', en: 'TOTP disabled' },
  SignedIn: { 'zh-CN': '登录', en: 'Signed in' },
  SignInFailed: { 'zh-CN': '登录失败', en: 'Sign-in failed' },
  AccountLocked: { 'zh-CN': '账号锁定', en: 'Account locked' },
  AccountUnlocked: { 'zh-CN': '账号解锁', en: 'Account unlocked' },
  SignedOut: { 'zh-CN': '退出登录', en: 'Signed out' },
  SessionsRevoked: { 'zh-CN': '注销全部会话', en: 'Sessions revoked' },
  AgencySecurityPolicySet: { 'zh-CN': '设置单位登录安全策略', en: 'Agency sign-in policy set' },
  UnknownAccountSignInFailed: { 'zh-CN': '未知账号登录失败', en: 'Sign-in under an unknown name failed' },
} as const satisfies LabelTable<string>;
