import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 14: the web console's sessions. The cookie carries a random secret; only its SHA-256
 * hash is stored here. A session without a user is a signed-out browser's (it holds the CSRF
 * token of the sign-in form); signing in replaces it by a new one (rotation). Sessions end after
 * an idle time, at their absolute expiry, at sign-out, and all of a user's when the password
 * changes, is reset, or the user is disabled.
 */
export class Migration20261210090000ConsoleSessions extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "console_session" ("id_hash" varchar(64) not null, "user_id" varchar(50) null, "csrf_token" varchar(64) not null, "locale" varchar(10) null, "created_at" timestamptz not null, "last_seen_at" timestamptz not null, "expires_at" timestamptz not null, constraint "console_session_pkey" primary key ("id_hash"));`,
    );
    this.addSql(`create index "console_session_user_idx" on "console_session" ("user_id");`);
    this.addSql(`create index "console_session_expires_idx" on "console_session" ("expires_at");`);
    this.addSql(
      `alter table "console_session" add constraint "console_session_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade on delete cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "console_session";`);
  }
}
