/**
 * Request bodies of the aftermath register (class-validator; a bad body is 422
 * naming each field). Amounts are decimal yuan strings like every money field;
 * an ID number is 18 characters whose check digit is right (GB 11643).
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CalendarDate, IsYuan, Optional, Pattern } from '@jm/platform';
import { Yuan, YUAN_FORMAT } from '@jm/reference';
import { ArrayMaxSize, IsArray, IsIn, IsUUID, ValidateBy } from 'class-validator';
import { AgencyCode, Text } from '../common/dto-rules';
import { AFTERMATH_ROLES, AftermathRole } from './aftermath.events';

const ID_NUMBER = /^[0-9]{17}[0-9X]$/;
const MOBILE_OR_LANDLINE = /^(1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8})$/;
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/** A resident ID number whose last character is the check digit of the first 17 (GB 11643-1999). */
export function isResidentIdNumber(value: unknown): boolean {
  if (typeof value !== 'string' || !ID_NUMBER.test(value)) return false;
  const sum = WEIGHTS.reduce((total, weight, i) => total + weight * Number(value[i]), 0);
  return CHECK[sum % 11] === value[17];
}

function ResidentIdNumber(): PropertyDecorator {
  return (target: object, key: string | symbol) => {
    Pattern(ID_NUMBER, 'idNumber: 17 digits and a check digit or X')(target, key);
    ValidateBy({
      name: 'residentIdNumber',
      validator: { validate: isResidentIdNumber, defaultMessage: () => 'idNumber: the check digit does not match (GB 11643)' },
    })(target, key);
  };
}

const Amount = () => IsYuan({ message: `amountYuan: ${YUAN_FORMAT}` });
const Day = (field: string) => CalendarDate({ message: `${field}: a calendar date YYYY-MM-DD, e.g. 2026-03-01` });

export class RegisterPersonDto {
  @ApiProperty({ enum: AFTERMATH_ROLES })
  @IsIn(AFTERMATH_ROLES, { message: `role: one of ${AFTERMATH_ROLES.join(', ')}` })
  role!: AftermathRole;
  @ApiProperty({ example: '张三' }) @Text(100) name!: string;
  @ApiProperty({ example: '11010519491231002X' }) @ResidentIdNumber() idNumber!: string;
  @ApiPropertyOptional({ example: '13800000000' })
  @Optional()
  @Pattern(MOBILE_OR_LANDLINE, 'phone: a mainland mobile number (e.g. 13800000000) or a landline with area code (e.g. 0595-22345678)')
  phone?: string;
}

export class RegisterClaimDto {
  @ApiProperty({ example: '120000.00' }) @Amount() amountYuan!: Yuan;
  @ApiProperty({ example: '2026-03-01' }) @Day('date') date!: string;
  @ApiPropertyOptional() @Optional() @Text(2000) text?: string;
}

export class RecordRefundDto {
  @ApiProperty({ example: '30000.00' }) @Amount() amountYuan!: Yuan;
  @ApiProperty({ example: '2026-06-01' }) @Day('date') date!: string;
  @ApiPropertyOptional({ description: 'Why the refunds to this person may exceed the registered claims; without it such a refund is refused (422)' })
  @Optional()
  @Text(1000)
  overClaimReason?: string;
}

export class ReferPetitionDto {
  @ApiProperty({ description: 'The agency the petition is referred to (转办)', example: 'lc-finance' }) @AgencyCode('referredTo') referredTo!: string;
  @ApiProperty({ type: [String], description: 'Registered persons who petitioned (may be empty)' })
  @IsArray({ message: 'personIds: a list of person ids from the register' })
  @ArrayMaxSize(1000, { message: 'personIds: at most 1000' })
  @IsUUID('all', { each: true, message: 'personIds: person ids from the register' })
  personIds!: string[];
  @ApiProperty() @Text(2000) text!: string;
}

export class SupervisePetitionDto {
  @ApiProperty({ description: 'The supervision note (督办意见)' }) @Text(2000) note!: string;
}

export class ClosePetitionDto {
  @ApiProperty({ description: 'The closure outcome (闭环结果)' }) @Text(2000) outcome!: string;
}

export class ShredPersonDto {
  @ApiProperty() @Text(1000) reason!: string;
}
