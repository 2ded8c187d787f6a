import { Subjects } from '@cirtmesh/contracts';
import { TestMesh, waitUntil } from '@cirtmesh/testing';
import fc from 'fast-check';
import { alert } from './fixtures';

/**
 * Bad input never hurts: fast-check throws random and hostile bodies at POST /api/v1/alerts on a
 * real node. Every answer is a 4xx (or a 202 for what happens to be valid), never a 5xx; nothing
 * invalid is stored; the node keeps serving.
 */
describe('POST /api/v1/alerts under fuzzing', () => {
  let mesh: TestMesh;
  let accepted = 0;

  beforeAll(async () => {
    mesh = await TestMesh.start();
  });

  afterAll(async () => {
    await mesh?.stop();
  });

  async function post(body: string): Promise<number> {
    const res = await mesh.request('ng', 'POST', '/api/v1/alerts', body);
    expect(res.status).toBeLessThan(500);
    expect(res.status === 202 || (res.status >= 400 && res.status < 500)).toBe(true);
    if (res.status !== 202) expect(typeof (res.body as { message?: unknown }).message).toBe('string');
    if (res.status === 202) accepted += 1;
    return res.status;
  }

  const sent = (): Promise<number> => mesh.subjectCount('ng', 'node.ng.sent.>');

  it('answers random JSON with a 4xx', async () => {
    const before = await sent();
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 4 }), async (value) => {
        expect(await post(JSON.stringify(value))).toBeGreaterThanOrEqual(400);
      }),
      { numRuns: 150 },
    );
    expect(await sent()).toBe(before);
  });

  it('answers mutated valid alerts with 202 or a 4xx, and stores exactly what it accepted', async () => {
    const before = await sent();
    accepted = 0;
    const keys = [
      'title',
      'description',
      'category',
      'severity',
      'tlp',
      'scope',
      'recipients',
      'groups',
      'indicators',
      'sectors',
      'references',
      'validUntil',
      'notBefore',
    ];
    const mutation = fc.oneof(
      fc.record({ kind: fc.constant('drop' as const), key: fc.constantFrom(...keys) }),
      fc.record({
        kind: fc.constant('set' as const),
        key: fc.constantFrom(...keys, 'extra', '__proto__', 'constructor', 'prototype'),
        value: fc.jsonValue({ maxDepth: 2 }),
      }),
      fc.record({ kind: fc.constant('indicator' as const), type: fc.string({ maxLength: 8 }), value: fc.string({ maxLength: 40 }) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 4 }), async (mutations) => {
        const body: Record<string, unknown> = alert();
        for (const m of mutations) {
          if (m.kind === 'drop') delete body[m.key];
          else if (m.kind === 'set')
            Object.defineProperty(body, m.key, { value: m.value, enumerable: true, writable: true, configurable: true });
          else body.indicators = [{ type: m.type, value: m.value }];
        }
        await post(JSON.stringify(body));
      }),
      { numRuns: 150 },
    );
    expect(await sent()).toBe(before + accepted);
  });

  it('answers huge strings, deep nesting, wrong types and prototype keys with a 4xx', async () => {
    const before = await sent();
    const hostile = [
      JSON.stringify(alert({ title: 'x'.repeat(100_000) })),
      JSON.stringify(alert({ description: 'é'.repeat(200_000) })),
      '['.repeat(50_000) + ']'.repeat(50_000),
      JSON.stringify(alert({ indicators: JSON.parse('['.repeat(2_000) + ']'.repeat(2_000)) as unknown })),
      '{"title":' + '{"a":'.repeat(5_000) + '1' + '}'.repeat(5_001),
      JSON.stringify(alert({ indicators: Array.from({ length: 5_000 }, () => ({ type: 'ipv4', value: '192.0.2.1' })) })),
      JSON.stringify(alert({ severity: 7, tlp: null, recipients: 'jp', indicators: { type: 'ipv4' } })),
      '{"__proto__": {"polluted": true}, "title": "t", "category": "malware", "severity": "low", "tlp": "CLEAR"}',
      '{"constructor": {"prototype": {"polluted": true}}, "title": "t", "category": "malware", "severity": "low", "tlp": "CLEAR"}',
      JSON.stringify(alert()).replace('"type":"domain"', '"__proto__":{"admin":true},"type":"domain"'),
      '\u0000\u0001garbage',
      '',
      'null',
      '"just a string"',
    ];
    for (const body of hostile) expect(await post(body)).toBeGreaterThanOrEqual(400);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(await sent()).toBe(before);
    expect((await mesh.request('ng', 'GET', '/api/v1/health')).status).toBe(200);
  });

  it('terminates and records malformed, mis-enveloped, oversized and forged messages, and keeps consuming', async () => {
    const hub = await mesh.nats('africa');
    const js = hub.jetstream();
    const valid = JSON.stringify({ specversion: '1.0', type: 'org.cirtmesh.alert.v1' });
    const bad: Array<[string, Uint8Array]> = [
      ['malformed JSON', Buffer.from('{"specversion": "1.0", ')],
      ['wrong envelope', Buffer.from(valid)],
      ['not an object', Buffer.from('[1,2,3]')],
      ['oversized alert', Buffer.from(JSON.stringify({ specversion: '1.0', data: { title: 'x'.repeat(900_000) } }))],
    ];
    // Into africa's ingest as if ke sent them, and into ng's delivery as if the hub had.
    for (const [name, data] of bad) {
      await js.publish(Subjects.ingest('africa', 'ke'), data, { msgID: `bad-ingest-${name}` });
      await js.publish(Subjects.deliver('africa', 'ng'), data, { msgID: `bad-deliver-${name}` });
    }
    await expect(js.publish(Subjects.ingest('africa', 'ke'), Buffer.alloc(2 * 1024 * 1024), { msgID: 'too-big' })).rejects.toThrow();
    const after = await mesh.submit('ke', alert({ title: 'after the garbage' }));
    await mesh.waitForAlert('ng', after);
    const codes = async (party: string): Promise<string[]> =>
      (await mesh.request<{ items: Array<{ code: string }> }>(party, 'GET', '/api/v1/rejected')).body.items.map((r) => r.code);
    await waitUntil('both to record all four', async () => (await codes('africa')).length >= 4 && (await codes('ng')).length >= 4);
    expect(await codes('africa')).toEqual(['INVALID_ALERT_EVENT', 'INVALID_ALERT_EVENT', 'INVALID_ALERT_EVENT', 'INVALID_ALERT_EVENT']);
    expect(await codes('ng')).toEqual(['INVALID_ALERT_EVENT', 'INVALID_ALERT_EVENT', 'INVALID_ALERT_EVENT', 'INVALID_ALERT_EVENT']);
    const jsm = await hub.jetstreamManager();
    const ingest = await jsm.consumers.info('INGEST', 'hub');
    expect(ingest.num_ack_pending + ingest.num_pending).toBe(0);
  });
});
