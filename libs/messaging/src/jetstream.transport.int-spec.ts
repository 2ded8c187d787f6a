import { PermanentMessageError } from './errors';
import type { IncomingMessage } from './incoming';
import { JetStreamTransport, type TerminatedMessage } from './jetstream.transport';
import { MessageErrorsFilter } from './message-errors.filter';
import { durablePullConsumer, ensureConsumer, ensureStream, workQueueStream } from './streams';
import { TestNatsServer, waitUntil } from '@cirtmesh/testing';
import { Controller, Module, UseFilters, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { NatsConnection } from 'nats';

const seen: Array<{ body: string; deliveryCount: number }> = [];

@Controller()
@UseFilters(MessageErrorsFilter)
class Handlers {
  @EventPattern('work')
  handle(@Payload() message: IncomingMessage): void {
    const body = Buffer.from(message.data).toString();
    seen.push({ body, deliveryCount: message.deliveryCount });
    if (body === 'never-valid') throw new PermanentMessageError('NEVER_VALID', 'this message can never be valid');
    if (body === 'flaky' && message.deliveryCount < 3) throw new Error('transient: the downstream is busy');
  }
}

@Module({ controllers: [Handlers] })
class TestModule {}

/** The in-house JetStream transport against a real nats-server: ack, nak with backoff, term. */
describe(JetStreamTransport.name, () => {
  let server: TestNatsServer;
  let nc: NatsConnection;
  let app: INestMicroservice;
  const terminated: TerminatedMessage[] = [];

  beforeAll(async () => {
    server = await TestNatsServer.start();
    nc = await server.connect();
    const jsm = await nc.jetstreamManager();
    await ensureStream(jsm, workQueueStream('WORK', ['work.>']));
    await ensureConsumer(jsm, 'WORK', durablePullConsumer('worker', 'work.>'));
    app = await NestFactory.createMicroservice(TestModule, {
      strategy: new JetStreamTransport({
        connection: nc,
        bindings: [{ pattern: 'work', stream: 'WORK', consumer: 'worker' }],
        onTerminate: (m) => {
          terminated.push(m);
          return Promise.resolve();
        },
      }),
      logger: false,
    });
    await app.listen();
  });

  afterAll(async () => {
    await app?.close();
    await nc?.close();
    await server?.stop();
  });

  it('acks what succeeds, redelivers a transient failure until it succeeds, and terminates the never-valid once', async () => {
    const js = nc.jetstream();
    for (const body of ['ok-1', 'flaky', 'never-valid', 'ok-2']) await js.publish(`work.${body}`, Buffer.from(body));
    const jsm = await nc.jetstreamManager();
    await waitUntil('the work queue to drain', async () => (await jsm.streams.info('WORK')).state.messages === 0, { timeoutMs: 20_000 });
    expect(seen.filter((s) => s.body === 'flaky').map((s) => s.deliveryCount)).toEqual([1, 2, 3]);
    expect(seen.filter((s) => s.body === 'never-valid')).toHaveLength(1);
    expect(seen.filter((s) => s.body.startsWith('ok-'))).toHaveLength(2);
    expect(terminated).toEqual([expect.objectContaining({ pattern: 'work', subject: 'work.never-valid', code: 'NEVER_VALID' })]);
    const info = await jsm.consumers.info('WORK', 'worker');
    expect(info.num_ack_pending).toBe(0);
  });

  it('keeps consuming after its nats-server restarts', async () => {
    await server.restart();
    await waitUntil('the stream to be back', async () => (await (await nc.jetstreamManager()).streams.info('WORK')) !== undefined, {
      timeoutMs: 20_000,
    });
    await nc.jetstream().publish('work.after', Buffer.from('ok-after'));
    await waitUntil('the message after the interruption', () => seen.some((s) => s.body === 'ok-after'), { timeoutMs: 20_000 });
  });
});
