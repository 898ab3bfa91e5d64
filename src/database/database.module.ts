import { DynamicModule, Global, Inject, Injectable, Logger, Module, OnModuleInit } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { migrateUnderLock } from './migrate';
import { mikroOrmConfig } from './mikro-orm.config';
import { DatabaseNotifications } from './database-notifications';

export const DATABASE_OPTIONS = Symbol('DATABASE_OPTIONS');

export interface DatabaseOptions {
  url: string;
  /** Run pending migrations (under the advisory lock) when the module starts. */
  migrate: boolean;
}

@Injectable()
class MigrateOnStart implements OnModuleInit {
  private readonly logger = new Logger('Database');

  constructor(
    private readonly orm: MikroORM,
    @Inject(DATABASE_OPTIONS) private readonly options: DatabaseOptions,
  ) {}

  async onModuleInit(): Promise<void> {
    if (!this.options.migrate) return;
    const done = await migrateUnderLock(this.orm);
    if (done.length) this.logger.log(`Applied migrations: ${done.join(', ')}`);
  }
}

@Global()
@Module({})
export class DatabaseModule {
  static forRoot(options: DatabaseOptions): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [MikroOrmModule.forRoot(mikroOrmConfig(options.url))],
      providers: [{ provide: DATABASE_OPTIONS, useValue: options }, MigrateOnStart, DatabaseNotifications],
      exports: [DATABASE_OPTIONS, DatabaseNotifications],
    };
  }
}
