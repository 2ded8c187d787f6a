import { DEMO_MESH, TestMesh, waitUntil } from '@cirtmesh/testing';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ALL_NODES, alert } from './fixtures';

interface Decision {
  recipient: string;
  verdict: string;
  reasons: Array<{ code: string; text: string }>;
  redactions?: Array<{ field: string; action: string }>;
  policy: string;
}

/**
 * The trust policies of deploy/policies at work in the demo topology. The mesh runs from a copy
 * of deploy/, so the test can edit africa's policy while the hub runs.
 */
describe('trust policies in the mesh', () => {
  let mesh: TestMesh;
  let dir: string;
  let africaPolicy: string;
  let original: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cirtmesh-trust-'));
    cpSync(dirname(DEMO_MESH), dir, { recursive: true });
    const demoPolicy = join(dir, 'policies', 'africa.yaml');
    // A small rate limit for one origin's worth of testing; everything else as in the demo.
    const limited = readFileSync(demoPolicy, 'utf8').replace(
      'rateLimit: { burst: 300, perMinute: 600 }',
      'rateLimit: { burst: 40, perMinute: 1 }',
    );
    writeFileSync(demoPolicy, limited);
    mesh = await TestMesh.start(join(dir, 'mesh.demo.yaml'));
    // The policy in force is the hub's own copy, in its own directory: the one its operator edits.
    africaPolicy = join(mesh.partyDir('africa'), 'policy.yaml');
    original = readFileSync(africaPolicy, 'utf8');
  });

  afterAll(async () => {
    await mesh?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const decisions = (hub: string, id: string, count: number): Promise<Decision[]> =>
    mesh.waitForDecisions(hub, id, count) as Promise<Decision[]>;

  it('delivers AMBER for the sharing group mou-ke-jp to jp and to nobody else', async () => {
    const id = await mesh.submit('ke', alert({ tlp: 'AMBER', scope: 'global', recipients: undefined, groups: ['mou-ke-jp'] }));
    await mesh.waitForAlert('jp', id);
    const africa = await decisions('africa', id, 4);
    const asia = await decisions('asia-pacific', id, 3);
    await mesh.barrier('ke');
    for (const node of ALL_NODES.filter((n) => !['ke', 'jp'].includes(n))) expect(await mesh.alertIds(node)).not.toContain(id);
    expect(africa.filter((d) => d.verdict === 'deliver').map((d) => d.recipient)).toEqual(['global']);
    expect(asia.find((d) => d.recipient === 'jp')).toMatchObject({
      verdict: 'deliver',
      reasons: [{ code: 'tlp-named' }, { code: 'tier-allows' }],
    });
    expect(asia.find((d) => d.recipient === 'jp')?.reasons[0].text).toMatch(/sharing group/);
    // The sender sees where its alert went and why it did not go elsewhere.
    const sent = await waitUntil('receipts from both regional hubs at ke', async () => {
      const res = await mesh.request<{
        deliveries?: Array<{ recipient: string; outcome: string; hub: string; reasons: Array<{ code: string }> }>;
      }>('ke', 'GET', `/api/v1/alerts/${id}`);
      return (res.body.deliveries?.length ?? 0) >= 6 ? res.body.deliveries : undefined;
    });
    expect(sent.map((d) => [d.recipient, d.outcome, d.hub])).toEqual([
      ['id', 'refused', 'asia-pacific'],
      ['jp', 'delivered', 'asia-pacific'],
      ['ke-fin', 'refused', 'africa'],
      ['my', 'refused', 'asia-pacific'],
      ['ng', 'refused', 'africa'],
      ['za', 'refused', 'africa'],
    ]);
    expect(sent.find((d) => d.recipient === 'ng')?.reasons[0].code).toBe('tlp-not-named');
  });

  it('gives ke-fin GREEN with email addresses masked, and refuses it AMBER with the reason', async () => {
    const green = await mesh.submit(
      'ke',
      alert({
        tlp: 'GREEN',
        description: 'Phishing sent from jane.doe@bank.example to customers.',
        indicators: [
          { type: 'email', value: 'jane.doe@bank.example' },
          { type: 'domain', value: 'secure-login.example.net' },
        ],
      }),
    );
    await mesh.waitForAlert('ke-fin', green);
    const held = await mesh.request<{ alert: { description: string; indicators: Array<{ type: string; value: string }> } }>(
      'ke-fin',
      'GET',
      `/api/v1/alerts/${green}`,
    );
    expect(JSON.stringify(held.body)).not.toContain('jane.doe@bank.example');
    expect(held.body.alert.indicators).toEqual([
      { type: 'email', value: 'j***@bank.example' },
      { type: 'domain', value: 'secure-login.example.net' },
    ]);
    expect(held.body.alert.description).toBe('Phishing sent from j***@bank.example to customers.');
    // ng is tier national: it gets the alert as sent.
    await mesh.waitForAlert('ng', green);
    const atNg = await mesh.request<{ alert: { indicators: Array<{ value: string }> } }>('ng', 'GET', `/api/v1/alerts/${green}`);
    expect(atNg.body.alert.indicators[0].value).toBe('jane.doe@bank.example');
    const forGreen = (await decisions('africa', green, 4)).find((d) => d.recipient === 'ke-fin');
    expect(forGreen?.redactions).toEqual([{ field: 'indicators.0.value', action: 'email-local' }]);

    const amber = await mesh.submit('ke', alert({ tlp: 'AMBER', recipients: ['ke-fin', 'ng'] }));
    await mesh.waitForAlert('ng', amber);
    const forAmber = (await decisions('africa', amber, 4)).find((d) => d.recipient === 'ke-fin');
    expect(forAmber).toMatchObject({ verdict: 'refuse', reasons: [{ code: 'tier-tlp-ceiling' }] });
    expect(forAmber?.reasons[0].text).toBe('ke-fin is tier sector, which receives at most TLP:GREEN');
    expect(await mesh.alertIds('ke-fin')).not.toContain(amber);
    // The hub's operator finds the refusal in its log, on a line that names the alert and its trace.
    const line = await waitUntil("the refusal in africa's log", () =>
      mesh.logLines('africa').find((l) => l.alertId === amber && l.msg === 'alert refused to some recipients'),
    );
    expect(line).toMatchObject({
      level: 'info',
      party: 'africa',
      origin: 'ke',
      refused: ['za: tlp-not-named', 'ke-fin: tier-tlp-ceiling'],
    });
    expect(line.traceId).toMatch(/^[\da-f]{32}$/);
    expect(line.spanId).toMatch(/^[\da-f]{16}$/);
    expect(mesh.logLines('africa').filter((l) => l.level === 'debug')).toEqual([]); // per-message lines only at debug
  });

  it('keeps no RED or AMBER+STRICT content at the hub after delivery, and marks AMBER+STRICT organisation-only', async () => {
    const secret = `red-title-${Date.now()}`;
    const red = await mesh.submit('ke', alert({ tlp: 'RED', recipients: ['ng'], title: secret, description: `${secret} details` }));
    const strict = await mesh.submit('ke', alert({ tlp: 'AMBER+STRICT', recipients: ['za'], title: `${secret}-strict` }));
    await mesh.waitForAlert('ng', red);
    await mesh.waitForAlert('za', strict);
    await decisions('africa', strict, 4);
    const held = await mesh.request<{ handling?: string }>('za', 'GET', `/api/v1/alerts/${strict}`);
    expect(held.body.handling).toBe('organisation-only');
    expect((await mesh.request<{ handling?: string }>('ng', 'GET', `/api/v1/alerts/${red}`)).body.handling).toBeUndefined();
    const hub = await mesh.nats('africa');
    const jsm = await hub.jetstreamManager();
    await waitUntil('africa to hold no undelivered message', async () => {
      const counts = await Promise.all(['INGEST', 'DELIVER', 'DEFERRED'].map(async (s) => (await jsm.streams.info(s)).state.messages));
      return counts.every((n) => n === 0);
    });
    // What the hub keeps, its decision log, holds ids, parties and reasons, never the content.
    const info = await jsm.streams.info('DECISIONS');
    for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq += 1) {
      const message = await jsm.streams.getMessage('DECISIONS', { seq });
      expect(Buffer.from(message.data).toString()).not.toContain(secret);
    }
  });

  it('defers an embargoed alert, then delivers it once the embargo lifts', async () => {
    const notBefore = new Date(Date.now() + 3_000).toISOString();
    const id = await mesh.submit('ke', alert({ tlp: 'CLEAR', notBefore }));
    const deferred = await decisions('africa', id, 4);
    expect(deferred.find((d) => d.recipient === 'ng')).toMatchObject({
      verdict: 'defer',
      reasons: expect.arrayContaining([expect.objectContaining({ code: 'embargo' })]),
    });
    expect(await mesh.alertIds('ng')).not.toContain(id);
    await mesh.waitForAlert('ng', id, 30_000);
    const held = await mesh.request<{ storedAt: string }>('ng', 'GET', `/api/v1/alerts/${id}`);
    expect(Date.parse(held.body.storedAt)).toBeGreaterThanOrEqual(Date.parse(notBefore));
    const outcomes = await waitUntil('ke to see the embargoed alert delivered', async () => {
      const res = await mesh.request<{ deliveries?: Array<{ recipient: string; outcome: string }> }>('ke', 'GET', `/api/v1/alerts/${id}`);
      const ng = res.body.deliveries?.find((d) => d.recipient === 'ng');
      return ng?.outcome === 'delivered' ? res.body.deliveries : undefined;
    });
    expect(outcomes.find((d) => d.recipient === 'ng')).toMatchObject({ outcome: 'delivered' });
    const released = await decisions('africa', id, 7);
    expect(
      released
        .filter((d) => d.verdict === 'deliver' && d.reasons[0].code === 'embargo-lifted')
        .map((d) => d.recipient)
        .sort(),
    ).toEqual(['ke-fin', 'ng', 'za']);
  });

  it("refuses, at the node, what the node's own outbound policy does not allow, and stores nothing", async () => {
    const before = await mesh.subjectCount('ke-fin', 'node.ke-fin.sent.>');
    const res = await mesh.request<{ message: string; reasons: Array<{ code: string }> }>(
      'ke-fin',
      'POST',
      '/api/v1/alerts',
      alert({ tlp: 'AMBER', scope: 'global', recipients: ['ke'] }),
    );
    expect(res.status).toBe(422);
    expect(res.body.reasons.map((r) => r.code)).toEqual(['node-tlp-ceiling', 'node-scope']);
    expect(await mesh.subjectCount('ke-fin', 'node.ke-fin.sent.>')).toBe(before);
    const allowed = await mesh.submit('ke-fin', alert({ tlp: 'GREEN' }));
    await mesh.waitForAlert('ng', allowed);
  });

  it('answers "would this alert reach that member, and why" without sending anything', async () => {
    const ask = (recipient: string, body: Record<string, unknown>) =>
      mesh.request<{ decision: Decision & { verdict: string }; redactions: Array<{ field: string }> }>(
        'africa',
        'POST',
        '/api/v1/policy/explain',
        {
          origin: 'ke',
          recipient,
          alert: alert(body),
        },
      );
    const before = await mesh.streamState('africa', 'DECISIONS');
    const red = await ask('ke-fin', { tlp: 'RED', recipients: ['ke-fin'] });
    expect(red.status).toBe(200);
    expect(red.body.decision).toMatchObject({ verdict: 'refuse', reasons: [{ code: 'tier-tlp-ceiling' }] });
    const green = await ask('ke-fin', { tlp: 'GREEN', indicators: [{ type: 'email', value: 'a@b.example' }] });
    expect(green.body.decision.verdict).toBe('deliver');
    expect(green.body.redactions).toEqual([{ field: 'indicators.0.value', action: 'email-local' }]);
    const energy = await ask('ke-fin', { tlp: 'GREEN', sectors: ['energy'] });
    expect(energy.body.decision.reasons.map((r) => r.code)).toEqual(['rule:energy-national-only']);
    const bad = await ask('ke-fin', { tlp: 'PURPLE' });
    expect(bad.status).toBe(400);
    expect(await mesh.streamState('africa', 'DECISIONS')).toEqual(before);
  });

  it('refuses alerts over the per-origin rate limit, and the sender sees why', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 45; i += 1) ids.push(await mesh.submit('za', alert({ tlp: 'CLEAR', title: `flood ${i}` })));
    const last = await decisions('africa', ids[ids.length - 1], 4);
    expect(last.every((d) => d.verdict === 'refuse' && d.reasons[0].code === 'rate-limited')).toBe(true);
    expect(last[0].reasons[0].text).toMatch(/za is over its limit of 1 alerts per minute/);
    await mesh.waitForAlert('ng', ids[0]);
    expect(await mesh.alertIds('ng')).not.toContain(ids[ids.length - 1]);
    const seen = await waitUntil('the receipt at za', async () => {
      const res = await mesh.request<{ deliveries?: Array<{ outcome: string; reasons: Array<{ code: string }> }> }>(
        'za',
        'GET',
        `/api/v1/alerts/${ids[ids.length - 1]}`,
      );
      return res.body.deliveries?.length ? res.body.deliveries : undefined;
    });
    expect(seen.every((d) => d.outcome === 'refused' && d.reasons[0].code === 'rate-limited')).toBe(true);
  });

  it('reloads a changed policy without a restart, and refuses a broken one while the old one keeps working', async () => {
    const explain = async (): Promise<Decision> =>
      (
        await mesh.request<{ decision: Decision }>('africa', 'POST', '/api/v1/policy/explain', {
          origin: 'ke',
          recipient: 'ke-fin',
          alert: alert({ tlp: 'AMBER', recipients: ['ke-fin'] }),
        })
      ).body.decision;
    const before = await explain();
    expect(before.verdict).toBe('refuse');
    writeFileSync(africaPolicy, original.replace('maxTlp: GREEN', 'maxTlp: AMBER'));
    const after = await waitUntil('the new policy to be in force', async () => {
      const d = await explain();
      return d.policy !== before.policy ? d : undefined;
    });
    expect(after.verdict).toBe('deliver');
    const id = await mesh.submit('ke', alert({ tlp: 'AMBER', recipients: ['ke-fin'] }));
    await mesh.waitForAlert('ke-fin', id);
    expect((await decisions('africa', id, 1)).find((d) => d.recipient === 'ke-fin')?.policy).toBe(after.policy);

    writeFileSync(africaPolicy, original.replace('maxTlp: GREEN', 'maxTlp: PURPLE'));
    const refusal = await waitUntil('the hub to refuse the broken policy', () =>
      mesh.logLines('africa').find((line) => line.msg.includes('policy change refused')),
    );
    expect(refusal).toMatchObject({ level: 'error', party: 'africa' });
    expect(refusal.msg).toMatch(/africa\/policy\.yaml: invalid policy:\s+- tiers\.sector\.maxTlp/);
    expect((await explain()).policy).toBe(after.policy);
    const still = await mesh.submit('ke', alert({ tlp: 'AMBER', recipients: ['ke-fin'] }));
    await mesh.waitForAlert('ke-fin', still);
    writeFileSync(africaPolicy, original);
  });
});
