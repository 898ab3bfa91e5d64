import { ACCESS_ENTITIES } from '../access/entities/access.entities';
import { AdjustmentRunSchema } from '../adjustment/adjustment-run.entity';

/** Entities of the pipeline stages beyond setup and ledgers (runs, schedules, users…). */
export const APP_ENTITIES = [AdjustmentRunSchema, ...ACCESS_ENTITIES];
