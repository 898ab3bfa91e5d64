import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

export class EmailDeliveriesQueryDto {
  @ApiPropertyOptional({ description: 'only the deliveries of this close run (without it: the latest 1000)' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  runId?: string;
}
