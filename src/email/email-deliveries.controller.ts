import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access } from '../access/access.decorator';
import { EmailDeliveriesQueryDto } from './email-deliveries.dto';
import { EmailDeliveryService, EmailDeliveryView } from './email-delivery.service';

@ApiTags('e-mail')
@Controller('api/email-deliveries')
export class EmailDeliveriesController {
  constructor(private readonly deliveries: EmailDeliveryService) {}

  @Get()
  @Access('read')
  @ApiOperation({ summary: 'E-mail deliveries (one per recipient and close run) with their status, attempts and last error' })
  list(@Query() query: EmailDeliveriesQueryDto): Promise<EmailDeliveryView[]> {
    return this.deliveries.list(query.runId);
  }
}
