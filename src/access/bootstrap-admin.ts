import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { inTransaction } from '../database/sql-session';
import { ApiTokensService } from './api-tokens.service';
import { passwordProblem } from './password-hash';
import { MIN_CONFIGURED_TOKEN_LENGTH } from './token-secret';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

/** Arbitrary, fixed key of the advisory lock under which instances starting together check for an admin. */
const BOOTSTRAP_LOCK = 740_331_103;

export const NO_ADMIN_WARNING =
  'No active admin user exists, so nobody can manage users or setup. Set COSTCLOSE_ADMIN_USER with COSTCLOSE_ADMIN_PASSWORD ' +
  'and/or COSTCLOSE_ADMIN_TOKEN and restart, or run `costclose user add NAME --role admin` (it prints an API token).';

/**
 * The first admin, from configuration, on start (after the migrations): created once, when no
 * active admin exists, with the configured password and/or token stored hashed. Later starts
 * change nothing, whatever the variables say. Without configuration nobody is created: there is
 * no default password.
 */
@Injectable()
export class BootstrapAdmin implements OnApplicationBootstrap {
  private readonly logger = new Logger('Access');

  constructor(
    private readonly orm: MikroORM,
    private readonly users: UsersService,
    private readonly tokens: ApiTokensService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: UsersRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const admin = this.config.bootstrapAdmin;
    const created = await inTransaction(this.orm, async (sql) => {
      await this.repository.lockForBootstrap(sql, BOOTSTRAP_LOCK);
      if (await this.users.activeAdminExists(sql)) return null;
      if (!admin) {
        this.logger.warn(NO_ADMIN_WARNING);
        return null;
      }
      checkBootstrapConfig(admin);
      const existing = await this.repository.find(sql, admin.userId);
      if (existing) {
        this.logger.warn(`COSTCLOSE_ADMIN_USER names ${admin.userId}, who exists but is not an active admin; not changing that user. ${NO_ADMIN_WARNING}`);
        return null;
      }
      const actor = this.config.systemUserId;
      await this.users.create(
        actor,
        { id: admin.userId, role: 'admin', displayName: 'Bootstrap admin', password: admin.password, passwordChosenByUser: true },
        sql,
      );
      if (admin.token) await this.tokens.issue(actor, admin.userId, { name: 'bootstrap (COSTCLOSE_ADMIN_TOKEN)', expiresAt: null, secret: admin.token }, sql);
      return admin.userId;
    });
    if (created) this.logger.log(`Created the admin user ${created} from COSTCLOSE_ADMIN_USER; the variables are not read again once an admin exists.`);
  }
}

/** Configuration that would create an admin nobody can use, or a weak one, stops the start. */
function checkBootstrapConfig(admin: NonNullable<AppConfig['bootstrapAdmin']>): void {
  if (!admin.password && !admin.token)
    throw new Error('COSTCLOSE_ADMIN_USER is set, but neither COSTCLOSE_ADMIN_PASSWORD nor COSTCLOSE_ADMIN_TOKEN: the admin could not sign in');
  const problem = admin.password ? passwordProblem(admin.password) : null;
  if (problem) throw new Error(`COSTCLOSE_ADMIN_PASSWORD ${problem}`);
  if (admin.token && admin.token.length < MIN_CONFIGURED_TOKEN_LENGTH)
    throw new Error(
      `COSTCLOSE_ADMIN_TOKEN must be at least ${MIN_CONFIGURED_TOKEN_LENGTH} characters long (e.g. cc_ and the output of \`openssl rand -base64 32\`)`,
    );
}
