import { ACCESS_ENTITIES } from '../access/entities/access.entities';
import { AdjustmentRunSchema } from '../adjustment/adjustment-run.entity';
import { EmailDeliverySchema } from '../email/email-delivery.entity';
import { PeriodPackageSchema } from '../period-package/period-package.entity';
import { PIPELINE_ENTITIES } from '../pipeline/entities/pipeline.entities';

/** Entities of the pipeline stages beyond setup and ledgers (runs, schedules, users…). */
export const APP_ENTITIES = [AdjustmentRunSchema, ...ACCESS_ENTITIES, PeriodPackageSchema, EmailDeliverySchema, ...PIPELINE_ENTITIES];
