import { EmailDeliveryRepository } from './email-delivery.repository';
import { Module } from '@nestjs/common';
import { EmailDeliveriesController } from './email-deliveries.controller';
import { EmailDeliveryService } from './email-delivery.service';
import { EmailOutboxWorker } from './email-outbox.worker';
import { EmailTemplates } from './email-templates';
import { MailTransport } from './mail-transport';

/** E-mail to finance after a period close (issue #6): templates, SMTP transport, outbox and its worker. */
@Module({
  controllers: [EmailDeliveriesController],
  providers: [MailTransport, EmailTemplates, EmailDeliveryRepository, EmailDeliveryService, EmailOutboxWorker],
  exports: [EmailDeliveryService, EmailOutboxWorker],
})
export class EmailModule {}
