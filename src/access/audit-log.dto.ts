import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min, ValidateBy } from 'class-validator';
import { isIsoDate, parseDateTime } from '../common/dates';

/** A date (YYYY-MM-DD) or a date-time with its offset. */
function IsDateOrInstant(): PropertyDecorator {
  return ValidateBy({
    name: 'isDateOrInstant',
    validator: {
      validate: (v: unknown) => typeof v === 'string' && (isIsoDate(v) || parseDateTime(v) !== null),
      defaultMessage: () => '$property must be a date (YYYY-MM-DD) or a date-time with offset (2024-01-31T17:00:00Z)',
    },
  });
}

/** The audit log's filters; paging by `after` (the last id of the previous page). */
export class AuditLogQueryDto {
  @ApiPropertyOptional({ description: 'A date (from its start, UTC) or a date-time with offset' }) @IsOptional() @IsDateOrInstant() from?: string;
  @ApiPropertyOptional({ description: 'A date (to its end, UTC) or a date-time with offset' }) @IsOptional() @IsDateOrInstant() to?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(255) userId?: string;
  @ApiPropertyOptional({
    description: 'e.g. period.close, period.reopen, auth.login, auth.login-failed, user.create, user.update, token.create, token.revoke',
  })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  action?: string;
  @ApiPropertyOptional({ description: 'e.g. a period ending date, a user id, a token id' }) @IsOptional() @IsString() @MaxLength(255) target?: string;
  @ApiPropertyOptional({ default: 0 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) after?: number;
  @ApiPropertyOptional({ default: 500, maximum: 10_000, description: 'Page size, default 500, at most 10000' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000)
  limit?: number;
}
