import { Migration } from '@mikro-orm/migrations';

/**
 * The e-mail outbox (issue #6): one rendered message per close run and recipient, unique on the
 * pair, with its delivery state; the partial index finds what is due.
 */
export class Migration20261121090507EmailDeliveries extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "email_delivery" ("id" serial primary key, "run_id" text not null, "recipient" text not null, "subject" text not null, "text_body" text not null, "html_body" text not null, "attachments" jsonb not null, "package_link" text null, "status" varchar(16) not null default 'pending', "attempts" int not null default 0, "last_error" text null, "next_attempt_at" timestamptz null, "sent_at" timestamptz null, "message_id" text null, "created_at" timestamptz not null, "updated_at" timestamptz not null);`,
    );
    this.addSql(`create index "email_delivery_due_idx" on "email_delivery" ("next_attempt_at") where "status" = 'pending';`);
    this.addSql(`alter table "email_delivery" add constraint "email_delivery_run_recipient_unique" unique ("run_id", "recipient");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "email_delivery" cascade;`);
  }
}
