import { encodeAlertEvent, parseAlertEvent, Streams, Subjects, toAlertEvent, type AlertEvent } from '@cirtmesh/contracts';
import { signAlertEvent, signingKeyFromPem } from '@cirtmesh/crypto';
import { ManagedProcess, TestMesh, testProcesses, waitUntil } from '@cirtmesh/testing';
import { revokeMemberKey } from '@cirtmesh/parties';
import { packageRoot } from '@cirtmesh/config';
import { get as httpsGet } from 'node:https';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { v7 } from 'uuid';
import { alert } from './fixtures';

/** Only members speak, only as themselves, and every alert proves its origin across hops. */
describe('security of the mesh', () => {
  let mesh: TestMesh;

  beforeAll(async () => {
    mesh = await TestMesh.start();
  });

  afterAll(async () => {
    await mesh?.stop();
  });

  const rejectedCodes = async (party: string): Promise<string[]> =>
    (await mesh.request<{ items: Array<{ code: string }> }>(party, 'GET', '/api/v1/rejected')).body.items.map((r) => r.code);

  /** The signed event ke stored for one of its alerts, as it went out. */
  async function sentEvent(id: string): Promise<{ event: AlertEvent; raw: Uint8Array }> {
    const stored = await mesh.request<{ seq: number }>('ke', 'GET', `/api/v1/alerts/${id}`);
    const raw = (await (await (await mesh.nats('ke')).jetstreamManager()).streams.getMessage(Streams.alerts, { seq: stored.body.seq }))
      .data;
    return { event: parseAlertEvent(raw), raw };
  }

  it("lets no node read another node's deliveries through any JetStream API call", async () => {
    // ng has something waiting in its delivery consumer while ng's app is stopped.
    await mesh.runner.stopApp('ng');
    const pending = await mesh.submit('ke', alert({ tlp: 'CLEAR', title: 'for ng only' }));
    await mesh.waitForAlert('za', pending);
    const ke = await mesh.nats('ke', '_INBOX_ke');
    // `$JS.africa.API.*` is how a node's connection reaches its hub's JetStream (`$JS.API.*` is its own server's).
    const api = (call: string): string[] => [`$JS.africa.API.${call}`];
    const calls = [
      ...api('CONSUMER.CREATE.DELIVER'),
      ...api('CONSUMER.CREATE.DELIVER.snoop'),
      ...api('CONSUMER.CREATE.DELIVER.snoop.mesh.deliver.africa.ng'),
      ...api('CONSUMER.DURABLE.CREATE.DELIVER.snoop'),
      ...api('CONSUMER.INFO.DELIVER.ng'),
      ...api('CONSUMER.MSG.NEXT.DELIVER.ng'),
      ...api('CONSUMER.INFO.DELIVER.ng_critical'),
      ...api('CONSUMER.MSG.NEXT.DELIVER.ng_critical'),
      ...api('CONSUMER.LIST.DELIVER'),
      ...api('CONSUMER.NAMES.DELIVER'),
      ...api('CONSUMER.DELETE.DELIVER.ng'),
      ...api('STREAM.INFO.DELIVER'),
      ...api('STREAM.MSG.GET.DELIVER'),
      ...api('STREAM.LIST'),
      ...api('STREAM.NAMES'),
      ...api('STREAM.PURGE.DELIVER'),
      ...api('INFO'),
      '$JS.africa.API.DIRECT.GET.DELIVER',
      '$JS.africa.API.DIRECT.GET.DELIVER.mesh.deliver.africa.ng',
    ];
    const bodies = [
      JSON.stringify({
        stream_name: 'DELIVER',
        config: { durable_name: 'snoop', filter_subject: 'mesh.deliver.africa.ng', ack_policy: 'none' },
      }),
      JSON.stringify({ batch: 10, expires: 500_000_000 }),
      JSON.stringify({ last_by_subj: 'mesh.deliver.africa.ng' }),
    ];
    try {
      for (const subject of calls) {
        for (const body of bodies) {
          await expect(ke.request(subject, Buffer.from(body), { timeout: 500 })).rejects.toThrow(/503|TIMEOUT|no responders/i);
        }
      }
    } catch (error) {
      await mesh.runner.startApp('ng');
      throw error;
    }
    // Nor by listening: subscriptions beyond its inbox never reach it across the leaf link.
    const sniffed: string[] = [];
    const sub = ke.subscribe('mesh.deliver.africa.>', { callback: (_e, m) => sniffed.push(m.subject) });
    const subCritical = ke.subscribe('mesh.deliver-critical.africa.>', { callback: (_e, m) => sniffed.push(m.subject) });
    const sub2 = ke.subscribe('_INBOX_ng.>', { callback: (_e, m) => sniffed.push(m.subject) });
    await mesh.runner.startApp('ng');
    await mesh.waitForAlert('ng', pending);
    sub.unsubscribe();
    subCritical.unsubscribe();
    sub2.unsubscribe();
    await ke.close();
    expect(sniffed).toEqual([]);
    const info = await (await (await mesh.nats('africa')).jetstreamManager()).consumers.list('DELIVER').next();
    const members = ['ke', 'ke-fin', 'ng', 'za'];
    expect(info.map((c) => c.name).sort()).toEqual([...members, ...members.map((m) => `${m}_critical`)].sort());
  });

  it('signs every alert at its origin, and a recipient sees who signed it', async () => {
    const id = await mesh.submit('ke', alert({ tlp: 'CLEAR' }));
    const { event } = await sentEvent(id);
    expect(event).toMatchObject({ sigalg: 'ed25519', sigkid: mesh.signingKey('ke').id });
    await mesh.waitForAlert('ng', id);
    const atNg = await mesh.request<{ provenance: unknown }>('ng', 'GET', `/api/v1/alerts/${id}`);
    expect(atNg.body.provenance).toEqual({ origin: { node: 'ke', kid: mesh.signingKey('ke').id }, attestations: [] });
  });

  it('refuses a payload tampered with in transit', async () => {
    const id = await mesh.submit('ke', alert({ tlp: 'CLEAR', title: 'original' }));
    await mesh.waitForAlert('ng', id);
    const { event } = await sentEvent(id);
    const tampered = { ...event, id: v7(), data: { ...event.data, id: '', title: 'tampered' } };
    tampered.data.id = tampered.id;
    await (
      await mesh.nats('africa')
    )
      .jetstream()
      .publish(Subjects.ingest('africa', 'ke'), Buffer.from(JSON.stringify(tampered)), { msgID: 'tampered' });
    await waitUntil('africa to refuse it', async () => (await rejectedCodes('africa')).includes('BAD_SIGNATURE'));
    await mesh.barrier('ke');
    expect(await mesh.alertIds('ng')).not.toContain(tampered.id);
  });

  it("verifies a redacting hub's attestation at the recipient", async () => {
    const id = await mesh.submit('ke', alert({ tlp: 'GREEN', indicators: [{ type: 'email', value: 'victim@bank.example' }] }));
    await mesh.waitForAlert('ke-fin', id);
    const held = await mesh.request<{
      alert: { indicators: Array<{ value: string }> };
      provenance: { origin: { node: string }; attestations: Array<{ hub: string; redactions: unknown[] }> };
    }>('ke-fin', 'GET', `/api/v1/alerts/${id}`);
    expect(held.body.alert.indicators[0].value).toBe('v***@bank.example');
    expect(held.body.provenance.origin.node).toBe('ke');
    expect(held.body.provenance.attestations).toEqual([
      expect.objectContaining({ hub: 'africa', redactions: [{ field: 'indicators.0.value', action: 'email-local' }] }),
    ]);
  });

  it('refuses a replayed alert', async () => {
    const id = await mesh.submit('ke', alert({ tlp: 'CLEAR', title: 'once only' }));
    await mesh.waitForAlert('ng', id);
    await mesh.waitForDecisions('africa', id, 4);
    const { raw } = await sentEvent(id);
    await (await mesh.nats('africa')).jetstream().publish(Subjects.ingest('africa', 'ke'), raw, { msgID: `replay-${id}` });
    await waitUntil('africa to refuse the replay', async () => (await rejectedCodes('africa')).includes('REPLAY'));
    expect((await mesh.alertIds('ng')).filter((x) => x === id)).toHaveLength(1);
  });

  it('refuses an alert signed long ago, even with a valid key', async () => {
    const key = mesh.signingKey('ke');
    const signer = signingKeyFromPem(key.id, readFileSync(key.file, 'utf8'));
    const old = new Date(Date.now() - 30 * 86_400_000);
    const data = {
      ...alert({ tlp: 'CLEAR' }),
      scope: 'regional',
      id: v7({ msecs: old.getTime() }),
      origin: 'ke',
      createdAt: old.toISOString(),
    };
    const event = signAlertEvent(toAlertEvent(data as never), signer);
    await (await mesh.nats('africa')).jetstream().publish(Subjects.ingest('africa', 'ke'), encodeAlertEvent(event), { msgID: 'stale' });
    await waitUntil('africa to refuse it as stale', async () => (await rejectedCodes('africa')).includes('STALE'));
  });

  it('refuses alerts signed with a revoked key', async () => {
    const before = await mesh.submit('ke', alert({ tlp: 'CLEAR', title: 'before revocation' }));
    await mesh.waitForAlert('ng', before);
    // The hub revokes the key in its directory section, which every party applies.
    const kid = mesh.signingKey('ke').id;
    revokeMemberKey(mesh.partyDir('africa'), 'ke', kid);
    await waitUntil('the revocation to reach every party', () =>
      ['africa', 'global', 'asia-pacific', 'ng', 'za'].every((party) => {
        const held = JSON.parse(readFileSync(join(mesh.partyDir(party), 'directory.json'), 'utf8')) as {
          sections: Array<{ owner: string; members: Array<{ id: string; keys: Array<{ id: string; revoked?: boolean }> }> }>;
        };
        const ke = held.sections.find((s) => s.owner === 'africa')?.members.find((m) => m.id === 'ke');
        return ke?.keys.find((k) => k.id === kid)?.revoked === true;
      }),
    );
    const after = await mesh.submit('ke', alert({ tlp: 'CLEAR', title: 'after revocation' }));
    await waitUntil('africa to refuse it', async () => (await rejectedCodes('africa')).includes('REVOKED_KEY'));
    await mesh.barrier('ng');
    expect(await mesh.alertIds('za')).not.toContain(after);
  });

  it('serves the API over TLS when configured, and nothing in plain HTTP then', async () => {
    const ng = mesh.runner.party('ng');
    const tls = mesh.leafFiles('ng').tls;
    await mesh.runner.stopApp('ng');
    const app = new ManagedProcess({
      name: 'ng-tls',
      command: process.execPath,
      args: [join(packageRoot(__dirname), 'dist', 'apps', 'node', 'src', 'main.js')],
      env: { ...mesh.runner.partyRunner('ng').prepared.env, CIRTMESH_HTTP_TLS_CERT: tls.cert, CIRTMESH_HTTP_TLS_KEY: tls.key },
      logPath: join(mesh.dir, 'logs', 'ng-tls.log'),
      observer: testProcesses,
    });
    app.start();
    try {
      const get = (path: string, token?: string): Promise<number> =>
        new Promise((resolve, reject) => {
          const req = httpsGet(
            {
              host: '127.0.0.1',
              port: ng.httpPort,
              path,
              ca: readFileSync(tls.ca),
              headers: token ? { authorization: `Bearer ${token}` } : {},
            },
            (res) => {
              res.resume();
              resolve(res.statusCode ?? 0);
            },
          );
          req.on('error', reject);
        });
      expect(await waitUntil('ng over https', () => get('/api/v1/health').catch(() => undefined), { timeoutMs: 30_000 })).toBe(200);
      expect(await get('/api/v1/alerts', ng.readToken)).toBe(200);
      expect(await get('/api/v1/alerts')).toBe(401);
      await expect(fetch(`http://127.0.0.1:${ng.httpPort}/api/v1/health`)).rejects.toThrow();
    } finally {
      await app.stop();
      await mesh.runner.startApp('ng');
    }
  });
});
