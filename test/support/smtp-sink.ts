/**
 * A real SMTP server (the smtp-server package) on 127.0.0.1 for the e-mail tests: it holds the
 * whole SMTP conversation, with authentication when asked, and parses every message it accepts
 * with mailparser.
 */
import type { AddressInfo } from 'net';
import * as net from 'net';
import { ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  envelope: { from: string; to: string[] };
  /** The user the client authenticated as, or null. */
  user: string | null;
  /** Whether the session ran over TLS (STARTTLS or implicit). */
  secure: boolean;
  raw: Buffer;
  parsed: ParsedMail;
}

export interface SmtpSinkOptions {
  port?: number;
  /** Required credentials; when set, sending without them (or with others) is refused (535). */
  auth?: { user: string; password: string };
  /** Offer STARTTLS (with smtp-server's built-in self-signed certificate). */
  starttls?: boolean;
  /** Recipients refused at RCPT TO with 550. */
  rejectRecipients?: string[];
}

export class SmtpSink {
  readonly received: ReceivedMail[] = [];
  private waiters: (() => void)[] = [];

  private constructor(
    private readonly server: SMTPServer,
    readonly port: number,
    readonly options: SmtpSinkOptions,
  ) {}

  static async start(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
    let sink: SmtpSink | null = null;
    const server = new SMTPServer({
      logger: false,
      secure: false,
      allowInsecureAuth: true,
      authOptional: !options.auth,
      disabledCommands: options.starttls ? [] : ['STARTTLS'],
      onAuth(auth, _session, callback) {
        const wanted = sink?.options.auth;
        if (wanted && auth.username === wanted.user && auth.password === wanted.password) callback(null, { user: auth.username });
        else callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
      },
      onRcptTo(address, _session, callback) {
        if (options.rejectRecipients?.includes(address.address)) callback(Object.assign(new Error(`No such user: ${address.address}`), { responseCode: 550 }));
        else callback();
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks);
          simpleParser(raw).then(
            (parsed) => {
              sink!.received.push({
                envelope: { from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address) },
                user: (session.user as string | undefined) ?? null,
                secure: session.secure,
                raw,
                parsed,
              });
              sink!.notify();
              callback();
            },
            (e: Error) => callback(e),
          );
        });
      },
    });
    const port = await new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => resolve((server.server.address() as AddressInfo).port));
    });
    sink = new SmtpSink(server, port, options);
    return sink;
  }

  /** Resolves once `count` messages have arrived in total. */
  async waitFor(count: number, timeoutMs = 10_000): Promise<ReceivedMail[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.received.length < count) {
      if (Date.now() > deadline) throw new Error(`expected ${count} messages, received ${this.received.length}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
    return this.received.slice(0, count);
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private notify(): void {
    const waiting = this.waiters;
    this.waiters = [];
    waiting.forEach((w) => w());
  }
}

/** A port nothing listens on (taken from the system, then released): "the server is down". */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
