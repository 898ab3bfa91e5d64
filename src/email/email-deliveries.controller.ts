import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Access } from '../access/access.decorator';
import { ValidationError } from '../common/errors';
import { EmailDeliveryService, EmailDeliveryView } from './email-delivery.service';

@ApiTags('e-mail')
@Controller('api/email-deliveries')
export class EmailDeliveriesController {
  constructor(private readonly deliveries: EmailDeliveryService) {}

  @Get()
  @Access('read')
  @ApiOperation({ summary: 'E-mail deliveries (one per recipient and close run) with their status, attempts and last error' })
  @ApiQuery({ name: 'runId', required: false, description: 'only the deliveries of this close run (without it: the latest 1000)' })
  list(@Query() query: Record<string, string | string[]>): Promise<EmailDeliveryView[]> {
    for (const name of Object.keys(query)) if (name !== 'runId') throw ValidationError.at(undefined, name, 'is not a filter (filters: runId)');
    const runId = query.runId;
    if (runId !== undefined && (typeof runId !== 'string' || runId.trim() === '')) throw ValidationError.at(undefined, 'runId', 'must be one non-empty value');
    return this.deliveries.list(runId);
  }
}
