import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { Client } from 'pg';
import type { SqlSession } from './sql-session';

export interface Subscription {
  close(): Promise<void>;
}

/**
 * PostgreSQL LISTEN/NOTIFY between instances (issue 15, item 12): `notify` inside a transaction
 * is delivered when it commits; `listen` keeps one connection of its own (not one of the pool's)
 * and calls the handler for every notification. A lost connection is opened again after a pause;
 * whoever listens keeps a slower poll as the fallback for what it missed meanwhile.
 */
@Injectable()
export class DatabaseNotifications implements OnModuleDestroy {
  private readonly logger = new Logger('Notifications');
  private readonly subscriptions = new Set<Subscription>();

  constructor(private readonly orm: MikroORM) {}

  async notify(sql: SqlSession, channel: string, payload: string): Promise<void> {
    await sql.query('SELECT pg_notify($1, $2)', [channel, payload]);
  }

  async listen(channel: string, handler: (payload: string) => void): Promise<Subscription> {
    if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`not a channel name: ${channel}`);
    let client: Client | null = null;
    let closed = false;
    let retry: NodeJS.Timeout | null = null;
    const connect = async (): Promise<void> => {
      const c = new Client({ connectionString: this.orm.config.get('clientUrl') as string });
      c.on('notification', (n) => {
        if (n.channel === channel) handler(n.payload ?? '');
      });
      c.on('error', (e) => {
        this.logger.warn(`LISTEN ${channel}: connection lost (${e.message}); polling covers the gap until it is back`);
        reconnect();
      });
      await c.connect();
      await c.query(`LISTEN ${channel}`);
      client = c;
    };
    const reconnect = () => {
      const lost = client;
      client = null;
      void lost?.end().catch(() => undefined);
      if (closed || retry) return;
      retry = setTimeout(() => {
        retry = null;
        if (!closed) connect().catch(() => reconnect());
      }, 5000);
    };
    await connect();
    const subscription: Subscription = {
      close: async () => {
        closed = true;
        if (retry) clearTimeout(retry);
        this.subscriptions.delete(subscription);
        await client?.end().catch(() => undefined);
      },
    };
    this.subscriptions.add(subscription);
    return subscription;
  }

  async onModuleDestroy(): Promise<void> {
    for (const s of [...this.subscriptions]) await s.close();
  }
}
