import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { IsIsoDateInput } from '../common/http/iso-date.validator';

const MAX_INT4 = 2147483647;
/** 'true' and 'false' in a query string; anything else is left for IsBoolean to refuse. */
const queryBoolean = () => Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value));

function Text(): PropertyDecorator {
  return (target, key) => {
    ApiPropertyOptional()(target, key);
    IsOptional()(target, key);
    IsString()(target, key);
    MaxLength(255)(target, key);
  };
}

function EntryNo(): PropertyDecorator {
  return (target, key) => {
    ApiPropertyOptional({ minimum: 0, maximum: MAX_INT4 })(target, key);
    IsOptional()(target, key);
    Type(() => Number)(target, key);
    IsInt()(target, key);
    Min(0)(target, key);
    Max(MAX_INT4)(target, key);
  };
}

function Flag(): PropertyDecorator {
  return (target, key) => {
    ApiPropertyOptional({ type: Boolean })(target, key);
    IsOptional()(target, key);
    queryBoolean()(target, key);
    IsBoolean()(target, key);
  };
}

/**
 * Every filter a ledger page takes (each ledger takes some of them: LEDGER_VIEWS says which, and
 * the service refuses one the ledger does not have), with keyset paging.
 */
export class LedgerPageQueryDto {
  @Text() itemNo?: string;
  @Text() locationCode?: string;
  @Text() variantCode?: string;
  @Text() entryType?: string;
  @Text() itemLedgerEntryType?: string;
  @Text() documentNo?: string;
  @Text() accountNo?: string;
  @Text() userId?: string;
  @EntryNo() itemLedgerEntryNo?: number;
  @EntryNo() inboundItemEntryNo?: number;
  @EntryNo() outboundItemEntryNo?: number;
  @EntryNo() registerNo?: number;
  @EntryNo() valueEntryNo?: number;
  @EntryNo() glRegisterNo?: number;
  @Flag() open?: boolean;
  @Flag() positive?: boolean;
  @Flag() adjustment?: boolean;
  @Flag() costApplication?: boolean;
  @ApiPropertyOptional({ format: 'date' }) @IsOptional() @IsIsoDateInput() postingDateFrom?: string;
  @ApiPropertyOptional({ format: 'date' }) @IsOptional() @IsIsoDateInput() postingDateTo?: string;
  /** The last key of the previous page. */
  @EntryNo() after?: number;
  /** G/L – item ledger relations only: the value entry of the previous page's last row (with `after`, its G/L entry). */
  @EntryNo() afterValueEntryNo?: number;
  @ApiPropertyOptional({ default: 500, minimum: 1, maximum: 10_000 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(10_000) limit?: number;
}

/** The filters as the service takes them (the console builds them itself, typed). */
export type LedgerFilter = LedgerPageQueryDto;
