import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { IsIsoDateInput } from '../common/http/iso-date.validator';

export class PeriodParamsDto {
  @ApiProperty({ format: 'date', description: 'ending date of the inventory period' }) @IsIsoDateInput() endingDate!: string;
}

export class CloseTestQueryDto {
  @ApiPropertyOptional({ format: 'date', description: 'every open period up to this date (all open periods without it)' })
  @IsOptional()
  @IsIsoDateInput()
  endingDate?: string;
}

export class ClosePeriodQueryDto {
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'true closes a period whose ending date has not passed yet, on purpose (audited)' })
  @IsOptional()
  @IsIn(['true', 'false'])
  beforePeriodEnd?: 'true' | 'false';
}
