import { Migration } from '@mikro-orm/migrations';

/**
 * Users, API tokens (kept as SHA-256 hashes only) and the audit log (issue #6, part 5). The
 * audit log is append-only: a trigger refuses UPDATE, DELETE and TRUNCATE, so not even a bug in the
 * service can rewrite who did what.
 */
export class Migration20261121090008AccessUsersTokensAuditLog extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "app_user" ("id" varchar(50) not null, "display_name" varchar(255) not null default '', "role" text check ("role" in ('admin', 'finance', 'auditor')) not null, "password_hash" text null, "disabled" boolean not null default false, "created_at" timestamptz not null, constraint "app_user_pkey" primary key ("id"));`,
    );

    this.addSql(
      `create table "api_token" ("id" uuid not null, "user_id" varchar(50) not null, "name" varchar(255) not null, "token_hash" varchar(64) not null, "prefix" varchar(16) not null, "created_at" timestamptz not null, "expires_at" timestamptz null, "last_used_at" timestamptz null, "revoked_at" timestamptz null, constraint "api_token_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "api_token_user_idx" on "api_token" ("user_id");`);
    this.addSql(`alter table "api_token" add constraint "api_token_token_hash_key" unique ("token_hash");`);

    this.addSql(
      `create table "audit_log" ("id" bigserial primary key, "at" timestamptz not null, "user_id" varchar(255) not null, "action" varchar(255) not null, "target" text null, "details" jsonb not null);`,
    );
    this.addSql(`create index "audit_log_at_idx" on "audit_log" ("at");`);
    this.addSql(`create index "audit_log_user_idx" on "audit_log" ("user_id", "id");`);

    this.addSql(`alter table "api_token" add constraint "api_token_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade;`);

    this.addSql(
      `create function audit_log_append_only() returns trigger language plpgsql as $$ begin raise exception 'audit_log is append-only: % is not allowed', tg_op; end $$;`,
    );
    this.addSql(
      `create trigger audit_log_append_only before update or delete or truncate on "audit_log" for each statement execute function audit_log_append_only();`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists audit_log_append_only on "audit_log";`);
    this.addSql(`drop function if exists audit_log_append_only();`);
    this.addSql(`alter table "api_token" drop constraint "api_token_user_id_foreign";`);

    this.addSql(`drop table if exists "app_user" cascade;`);

    this.addSql(`drop table if exists "api_token" cascade;`);

    this.addSql(`drop table if exists "audit_log" cascade;`);
  }
}
