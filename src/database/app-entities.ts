/** Entities of the later pipeline stages (runs, schedules, users…) are registered here. */
export const APP_ENTITIES: never[] = [];
