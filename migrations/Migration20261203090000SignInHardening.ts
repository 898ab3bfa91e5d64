import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 15, item 7. Passwords an admin chose or reset must be replaced by their user at the first
 * sign-in (and a reset's one-time password expires); failed sign-ins are counted per user and
 * per address in fixed windows, so that a lockout holds across instances.
 */
export class Migration20261203090000SignInHardening extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "app_user" add column "password_must_change" boolean not null default false, add column "password_expires_at" timestamptz null;`);
    this.addSql(
      `create table "sign_in_failure" ("scope" varchar(10) not null, "key" varchar(255) not null, "window_start" timestamptz not null, "failures" int not null default 0, constraint "sign_in_failure_pkey" primary key ("scope", "key", "window_start"));`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "sign_in_failure";`);
    this.addSql(`alter table "app_user" drop column "password_must_change", drop column "password_expires_at";`);
  }
}
