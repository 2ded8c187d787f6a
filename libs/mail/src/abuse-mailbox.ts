import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { AllowList } from './allow-list';

export interface MailboxOptions {
  port: number;
  host: string;
  /** Client address blocks and sender domains that may hand in reports. */
  allow: string[];
  maxBytes: number;
  /** Messages a minute one client address may hand in. */
  perMinute: number;
  /** How the server names itself in its greeting. */
  name: string;
}

/** Why a message was not taken: the SMTP reply code and text the client gets. */
export class MailRefused extends Error {
  constructor(
    readonly responseCode: number,
    message: string,
  ) {
    super(message);
    this.name = 'MailRefused';
  }
}

/** What the mailbox does with a message it took: throws a MailRefused (or anything) to refuse it. */
export type MailHandler = (raw: Buffer, envelope: { client: string; mailFrom: string }) => Promise<string>;

/**
 * The node's abuse mailbox: an SMTP listener (smtp-server) that takes report messages from the
 * clients and sender domains it allows, up to a size, at most so many a minute per client, and
 * answers each message with what became of it: a 250 once the report is stored, a 5xx that says
 * why it was refused. No authentication and no relaying: it is a mailbox, not a mail server.
 */
export class AbuseMailbox {
  private readonly server: SMTPServer;
  private readonly allow: AllowList;
  private readonly counts = new Map<string, { minute: number; count: number }>();

  constructor(
    private readonly options: MailboxOptions,
    private readonly handle: MailHandler,
  ) {
    this.allow = new AllowList(options.allow);
    this.server = new SMTPServer({
      name: options.name,
      banner: 'cirtmesh abuse mailbox: ARF reports only',
      size: options.maxBytes,
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      logger: false,
      onConnect: (session, done) => done(this.refuseClient(session)),
      onMailFrom: (address, session, done) => done(this.refuseSender(address.address, session)),
      onRcptTo: (_address, _session, done) => done(),
      onData: (stream, session, done) =>
        void this.take(stream, session).then(
          (text) => done(null, text),
          (error: unknown) => done(asReply(error)),
        ),
    });
    this.server.on('error', () => undefined); // a broken connection is that client's problem
  }

  listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port, this.options.host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private refuseClient(session: SMTPServerSession): Error | undefined {
    if (this.allow.clientAllowed(session.remoteAddress) || this.allow.hasDomains) return undefined;
    return new MailRefused(554, `client ${session.remoteAddress} may not hand in reports here`);
  }

  private refuseSender(mailFrom: string, session: SMTPServerSession): Error | undefined {
    if (!this.allow.clientAllowed(session.remoteAddress) && !this.allow.senderAllowed(mailFrom)) {
      return new MailRefused(550, `sender ${mailFrom || '<>'} may not hand in reports here`);
    }
    const minute = Math.floor(Date.now() / 60_000);
    const seen = this.counts.get(session.remoteAddress);
    const count = seen && seen.minute === minute ? seen.count + 1 : 1;
    this.counts.set(session.remoteAddress, { minute, count });
    if (this.counts.size > 10_000) this.counts.clear();
    if (count > this.options.perMinute)
      return new MailRefused(451, `too many reports from ${session.remoteAddress}: try again in a minute`);
    return undefined;
  }

  private async take(stream: SMTPServerDataStream, session: SMTPServerSession): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    if (stream.sizeExceeded) throw new MailRefused(552, `the message is larger than ${this.options.maxBytes} bytes`);
    const mailFrom = session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address;
    return this.handle(Buffer.concat(chunks), { client: session.remoteAddress, mailFrom });
  }
}

/** A refusal as smtp-server answers it: its code and text. Anything unexpected is a 451, to be tried again. */
function asReply(error: unknown): Error {
  if (error instanceof MailRefused) return error;
  const reply = new MailRefused(451, 'the report could not be stored now: try again later');
  reply.cause = error;
  return reply;
}
