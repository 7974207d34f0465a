/** Bodies of the console's /auth routes (the limits the web app's forms check too). */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Length, MaxLength } from 'class-validator';
import { Optional, Pattern } from '@jm/platform';
import { PASSWORD_MAX_LENGTH } from './credentials/password';

const TOTP_CODE = /^[0-9]{6}$/;

export class SignInDto {
  @ApiProperty({ example: 'lc-office-admin', minLength: 1, maxLength: 64 })
  @IsString({ message: 'username: the account name' })
  @Length(1, 64, { message: 'username: 1 to 64 characters' })
  username!: string;

  @ApiProperty({ minLength: 1, maxLength: PASSWORD_MAX_LENGTH })
  @IsString({ message: 'password: the password' })
  @Length(1, PASSWORD_MAX_LENGTH, { message: `password: 1 to ${PASSWORD_MAX_LENGTH} characters` })
  password!: string;

  @ApiPropertyOptional({ description: 'The 6-digit code of the authenticator app, when the first answer was TOTP_REQUIRED' })
  @Optional()
  @Pattern(TOTP_CODE, 'totp: 6 digits')
  totp?: string;
}

export class ChangePasswordDto {
  @ApiProperty({ maxLength: PASSWORD_MAX_LENGTH })
  @IsString({ message: 'currentPassword: the current (or one-time) password' })
  @MaxLength(PASSWORD_MAX_LENGTH, { message: `currentPassword: at most ${PASSWORD_MAX_LENGTH} characters` })
  currentPassword!: string;

  @ApiProperty({
    minLength: 12,
    maxLength: PASSWORD_MAX_LENGTH,
    description: 'At least 12 characters, with at least 3 of: lowercase letters, uppercase letters, digits, symbols; not containing the username',
  })
  @IsString({ message: 'newPassword: the new password' })
  @MaxLength(PASSWORD_MAX_LENGTH, { message: `newPassword: at most ${PASSWORD_MAX_LENGTH} characters` })
  newPassword!: string;
}

export class TotpCodeDto {
  @ApiProperty({ example: '123456', description: 'The current 6-digit code of the authenticator app' })
  @Pattern(TOTP_CODE, 'code: 6 digits')
  code!: string;
}
