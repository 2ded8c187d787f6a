import { Writable } from 'node:stream';
import { addLogContext, traceFields, withLogContext } from './context';
import { createLogger } from './logger';

function capture(level: 'info' | 'debug' = 'info'): { lines: () => Array<Record<string, unknown>>; log: ReturnType<typeof createLogger> } {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const log = createLogger({ party: 'ke', level, pretty: false, colour: false, destination });
  const lines = (): Array<Record<string, unknown>> =>
    chunks
      .join('')
      .split('\n')
      .filter((line) => line.length > 0)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { lines, log };
}

describe(createLogger.name, () => {
  it('writes one JSON object a line with the level, an ISO time, the party and the message', () => {
    const { lines, log } = capture();
    log.info({ alertId: 'a-1' }, 'alert stored');
    expect(lines()).toEqual([expect.objectContaining({ level: 'info', party: 'ke', alertId: 'a-1', msg: 'alert stored' })]);
    expect(Date.parse(lines()[0].time as string)).not.toBeNaN();
  });

  it('drops lines below its level', () => {
    const { lines, log } = capture('info');
    log.debug('per message');
    log.warn('refused');
    expect(lines().map((l) => l.msg)).toEqual(['refused']);
  });

  it('puts the fields of the unit of work on every line logged inside it, including those added on the way', async () => {
    const { lines, log } = capture();
    await withLogContext(
      { subject: 'mesh.ingest.africa.ke', ...traceFields('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01') },
      async () => {
        await Promise.resolve();
        addLogContext({ alertId: 'a-2', origin: 'ke' });
        log.info('decided');
      },
    );
    log.info('outside');
    expect(lines()[0]).toMatchObject({
      msg: 'decided',
      alertId: 'a-2',
      origin: 'ke',
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
    });
    expect(lines()[1]).not.toHaveProperty('alertId');
  });
});

describe(traceFields.name, () => {
  it('reads the trace and span ids of a traceparent, and nothing from anything else', () => {
    expect(traceFields('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01')).toEqual({
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
    });
    expect(traceFields('junk')).toEqual({});
    expect(traceFields(undefined)).toEqual({});
  });
});
