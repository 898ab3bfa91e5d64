import { DynamicModule, Global, Module } from '@nestjs/common';
import { Clock } from '../common/clock';
import { Scheduler } from '../common/scheduler';
import type { AppConfig } from './app-config';

export const APP_CONFIG = Symbol('APP_CONFIG');

/** Configuration, the clock and the timer scheduler, global: one of each for the whole service, so a test can set it once. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: ConfigModule, providers: [{ provide: APP_CONFIG, useValue: config }, Clock, Scheduler], exports: [APP_CONFIG, Clock, Scheduler] };
  }
}
