/**
 * First start: while the console holds no account at all, it creates one admin account per top office of the
 * agencies it serves (admin-scope.ts topOffices; in a deployment of a federation, DEPLOYMENT, the deployment's own
 * office only, so fz's console creates fz-office-admin and no admin of another deployment's agencies), named `<agency code>-admin`, each with a one-time password that is
 * printed once to stdout and nowhere else (not to the log; only its scrypt hash is stored). There is no default
 * password anywhere. scripts/start.js reads FIRST_START_LINE's format, which is the contract.
 */
import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { UsernameTakenError } from './account/account.errors';
import { AdminService } from './admin.service';
import { AccountBook, CONSOLE_SYSTEM } from './account-book';
import { topOffices } from './admin-scope';
import { CredentialStore } from './credentials/credential-store';

/** `[console] first start: admin account <username> one-time password: <password>` (the start script parses it). */
export const firstStartLine = (username: string, password: string): string =>
  `[console] first start: admin account ${username} one-time password: ${password}`;
export const FIRST_START_LINE = /^\[console\] first start: admin account (\S+) one-time password: (\S+)$/m;

export interface FirstAdmin {
  username: string;
  agency: string;
  agencyName: string;
  oneTimePassword: string;
}

/** Creates the first admins when there is no account; [] otherwise (or for a name another instance took first). */
export async function createFirstAdmins(book: AccountBook, credentials: CredentialStore, admin: AdminService): Promise<FirstAdmin[]> {
  if ((await credentials.count()) > 0) return [];
  const created: FirstAdmin[] = [];
  for (const office of topOffices(book.registry, admin.serves)) {
    const username = `${office.code}-admin`.slice(0, 32);
    try {
      const { oneTimePassword } = await admin.createIn(
        office,
        { username, displayName: `${office.name['zh-CN']}管理员`, roles: ['admin'] },
        CONSOLE_SYSTEM,
      );
      created.push({ username, agency: office.code, agencyName: office.name['zh-CN'], oneTimePassword });
    } catch (error) {
      if (!(error instanceof UsernameTakenError)) throw error;
    }
  }
  return created;
}

/** The lines first start prints: the contract line, then what it means in Chinese. */
export function firstStartLines(admins: readonly FirstAdmin[]): string {
  return admins
    .map(
      (a) =>
        `${firstStartLine(a.username, a.oneTimePassword)}\n首次启动：已为「${a.agencyName}」创建管理员账号 ${a.username}，一次性密码见上一行，只显示这一次，首次登录后须修改。\n`,
    )
    .join('');
}

@Injectable()
export class FirstStart implements OnApplicationBootstrap {
  constructor(
    private readonly book: AccountBook,
    private readonly credentials: CredentialStore,
    private readonly admin: AdminService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const admins = await createFirstAdmins(this.book, this.credentials, this.admin);
    // stdout, not the logger: the password must reach the person starting the console and no log file.
    if (admins.length) process.stdout.write(firstStartLines(admins));
  }
}
