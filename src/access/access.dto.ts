import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { IsDateTimeInput } from '../common/http/date-time.validator';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './password-hash';
import { ROLES } from './roles';
import { MAX_DISPLAY_NAME_LENGTH } from './users.service';
import type { Role } from './roles';

export class LoginDto {
  @ApiProperty({ example: 'ALICE' })
  @IsString()
  @Length(1, 50)
  userName!: string;

  @ApiProperty()
  @IsString()
  @Length(1, MAX_PASSWORD_LENGTH)
  password!: string;

  @ApiPropertyOptional({
    description: `A new password of your own (at least ${MIN_PASSWORD_LENGTH} characters): required when an admin set or reset the password; changes it otherwise`,
  })
  @IsOptional()
  @IsString()
  @Length(1, MAX_PASSWORD_LENGTH)
  newPassword?: string;
}

export class CreateUserDto {
  @ApiProperty({ description: 'The user name: also the user id ledgers record and User Setup keys posting ranges by', example: 'ALICE' })
  @IsString()
  id!: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role!: Role;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(MAX_DISPLAY_NAME_LENGTH)
  displayName?: string;

  @ApiPropertyOptional({
    description: `At least ${MIN_PASSWORD_LENGTH} characters, to be replaced by the user at the first sign-in; leave out for a token-only user`,
  })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_PASSWORD_LENGTH)
  password?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  disabled?: boolean;
}

export class UpdateUserDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(MAX_DISPLAY_NAME_LENGTH)
  displayName?: string;

  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ description: 'A disabled user cannot log in, and their tokens stop working' })
  @IsOptional()
  @IsBoolean()
  disabled?: boolean;

  @ApiPropertyOptional({
    nullable: true,
    description: 'Your own password only (an admin resets others: POST /api/users/{id}/password-reset); null removes the password (token-only user)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_PASSWORD_LENGTH)
  password?: string | null;
}

export class CreateTokenDto {
  @ApiProperty({ description: 'Where the token is used, to tell tokens apart', example: 'reporting job' })
  @IsString()
  @Length(1, 100)
  name!: string;

  @ApiPropertyOptional({ format: 'date-time', nullable: true, description: 'Leave out (or null) for a token that does not expire' })
  @IsOptional()
  @IsDateTimeInput()
  expiresAt?: string | null;
}
