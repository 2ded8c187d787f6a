import { freePortBlock } from '@cirtmesh/testing';
import { createTransport } from 'nodemailer';
import { AbuseMailbox, MailRefused, type MailboxOptions } from './abuse-mailbox';

const REPORT = ['From: abuse@isp.example', 'To: mailbox@cirt.example', 'Subject: report', 'Message-ID: <r1@isp.example>', '', 'body'].join(
  '\r\n',
);

/** The abuse mailbox over real SMTP, driven by a real SMTP client (nodemailer). */
describe(AbuseMailbox.name, () => {
  const running: AbuseMailbox[] = [];
  afterAll(async () => {
    await Promise.all(running.map((m) => m.close()));
  });

  async function mailbox(options: Partial<MailboxOptions>, handle: (raw: Buffer) => Promise<string>): Promise<number> {
    const port = await freePortBlock(1);
    const box = new AbuseMailbox(
      { port, host: '127.0.0.1', allow: ['127.0.0.0/8'], maxBytes: 64 * 1024, perMinute: 100, name: 'test', ...options },
      handle,
    );
    await box.listen();
    running.push(box);
    return port;
  }

  const send = (port: number, raw = REPORT, from = 'abuse@isp.example') =>
    createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true }).sendMail({
      envelope: { from, to: ['abuse@cirt.example'] },
      raw,
    });

  it('hands the message to the node and answers with what became of it', async () => {
    const got: string[] = [];
    const port = await mailbox({}, (raw) => {
      got.push(raw.toString('utf8'));
      return Promise.resolve('report stored, campaign 192.0.2.7 closes at 12:05');
    });
    const info = await send(port);
    expect(info.response).toMatch(/^250 report stored, campaign 192\.0\.2\.7/);
    expect(got[0]).toContain('Message-ID: <r1@isp.example>');
  });

  it('answers a message it cannot take with a 5xx that says why, and an unexpected failure with a 451', async () => {
    const port = await mailbox({}, (raw) =>
      raw.includes('boom')
        ? Promise.reject(new Error('broker down'))
        : Promise.reject(new MailRefused(550, 'not an ARF report: no message/feedback-report part')),
    );
    await expect(send(port)).rejects.toMatchObject({ responseCode: 550, response: expect.stringMatching(/not an ARF report/) });
    await expect(send(port, `${REPORT}\r\nboom`)).rejects.toMatchObject({ responseCode: 451 });
  });

  it('refuses clients and senders it does not allow, messages over its size and clients over their rate', async () => {
    const closed = await mailbox({ allow: ['192.0.2.0/24'] }, () => Promise.resolve('ok'));
    await expect(send(closed)).rejects.toMatchObject({ responseCode: 554 });
    const byDomain = await mailbox({ allow: ['isp.example'] }, () => Promise.resolve('ok'));
    await expect(send(byDomain, REPORT, 'abuse@isp.example')).resolves.toMatchObject({ response: expect.stringMatching(/^250/) });
    await expect(send(byDomain, REPORT, 'someone@elsewhere.example')).rejects.toMatchObject({ responseCode: 550 });
    const small = await mailbox({ maxBytes: 100 }, () => Promise.resolve('ok'));
    await expect(send(small, `${REPORT}${'x'.repeat(500)}`)).rejects.toMatchObject({ responseCode: 552 });
    const slow = await mailbox({ perMinute: 2 }, () => Promise.resolve('ok'));
    await send(slow);
    await send(slow);
    await expect(send(slow)).rejects.toMatchObject({ responseCode: 451 });
  });
});
