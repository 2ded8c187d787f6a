import type { IncomingMessage } from './incoming';
import { JetStreamTransport } from './jetstream.transport';
import { durablePullConsumer, ensureConsumer, ensureStream, workQueueStream } from './streams';
import { TestNatsServer, waitUntil } from '@cirtmesh/testing';
import { Controller, Module, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { NatsConnection } from 'nats';

/** What the handlers did, in order: `start:<body>` and `end:<body>`. */
const events: string[] = [];
let releaseUrgent: () => void = () => undefined;

@Controller()
class Handlers {
  @EventPattern('urgent')
  async urgent(@Payload() message: IncomingMessage): Promise<void> {
    const body = Buffer.from(message.data).toString();
    events.push(`start:${body}`);
    await new Promise<void>((resolve) => (releaseUrgent = resolve));
    events.push(`end:${body}`);
  }

  @EventPattern('routine')
  routine(@Payload() message: IncomingMessage): void {
    events.push(`start:${Buffer.from(message.data).toString()}`);
  }
}

@Module({ controllers: [Handlers] })
class TestModule {}

/** A binding that goes ahead: while its message is handled, the other bindings start nothing new. */
describe('JetStreamTransport priority', () => {
  let server: TestNatsServer;
  let nc: NatsConnection;
  let app: INestMicroservice;

  beforeAll(async () => {
    server = await TestNatsServer.start();
    nc = await server.connect();
    const jsm = await nc.jetstreamManager();
    await ensureStream(jsm, workQueueStream('WORK', ['work.>']));
    await ensureConsumer(jsm, 'WORK', durablePullConsumer('urgent', 'work.urgent'));
    await ensureConsumer(jsm, 'WORK', durablePullConsumer('routine', 'work.routine'));
    app = await NestFactory.createMicroservice(TestModule, {
      strategy: new JetStreamTransport({
        connection: nc,
        bindings: [
          { pattern: 'urgent', stream: 'WORK', consumer: 'urgent', priority: 'ahead' },
          { pattern: 'routine', stream: 'WORK', consumer: 'routine', concurrency: 4 },
        ],
      }),
      logger: false,
    });
    await app.listen();
  });

  afterAll(async () => {
    releaseUrgent();
    await app?.close();
    await nc?.close();
    await server?.stop();
  });

  it('holds routine messages it has already pulled until the urgent one is handled', async () => {
    const js = nc.jetstream();
    const jsm = await nc.jetstreamManager();
    await js.publish('work.urgent', Buffer.from('u1'));
    await waitUntil('the urgent message to start', () => events.includes('start:u1'), { timeoutMs: 10_000 });
    for (const body of ['r1', 'r2']) await js.publish('work.routine', Buffer.from(body));
    // Pulled (delivered, not acked) but not started while the urgent one runs.
    await waitUntil('the routine messages to be pulled', async () => (await jsm.consumers.info('WORK', 'routine')).num_ack_pending === 2, {
      timeoutMs: 10_000,
    });
    expect(events).toEqual(['start:u1']);
    releaseUrgent();
    await waitUntil('the routine messages to be handled', async () => (await jsm.consumers.info('WORK', 'routine')).num_ack_pending === 0, {
      timeoutMs: 10_000,
    });
    expect(events).toEqual(['start:u1', 'end:u1', 'start:r1', 'start:r2']);
  });
});
