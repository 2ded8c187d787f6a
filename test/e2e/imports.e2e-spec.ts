import { TestMesh } from '@cirtmesh/testing';
import { createTransport } from 'nodemailer';
import { arfMessage, mispEvent, xarfSpam } from './interop-fixtures';
import { alert } from './fixtures';

interface ImportAnswer {
  alerts: Array<{ id: string; title: string; tlp: string; scope: string }>;
  campaigns: Array<{ source: string; reports: number; closesAt: string }>;
  skipped: Array<{ what: string; reason: string }>;
}

type Held = { alert: { id: string; title: string; tlp: string; campaign?: { reports: number; types: string[] } } };

/** The doors for other formats: MISP, STIX, X-ARF and ARF by API and by mail, the MISP feed, exports, campaigns. */
describe('imports, feeds and spam campaigns', () => {
  let mesh: TestMesh;

  beforeAll(async () => {
    mesh = await TestMesh.start();
  });

  afterAll(async () => {
    await mesh?.stop();
  });

  const post = (party: string, path: string, body: unknown, contentType = 'application/json') =>
    mesh.request<ImportAnswer>(party, 'POST', path, typeof body === 'string' ? body : JSON.stringify(body), undefined, {
      'content-type': contentType,
    });

  async function postRaw(party: string, path: string, body: string, contentType: string): Promise<{ status: number; body: ImportAnswer }> {
    const p = mesh.runner.party(party);
    const res = await fetch(`http://127.0.0.1:${p.httpPort}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${p.apiToken}`, 'content-type': contentType },
      body,
    });
    const text = await res.text();
    return { status: res.status, body: (text.startsWith('{') ? JSON.parse(text) : {}) as ImportAnswer };
  }

  const held = async (party: string, id: string): Promise<Held> => (await mesh.request<Held>(party, 'GET', `/api/v1/alerts/${id}`)).body;

  it('imports a MISP event once, which travels the mesh, and serves it back in the MISP feed', async () => {
    const event = mispEvent();
    const first = await post('ke', '/api/v1/import/misp?scope=global', event);
    expect(first.status).toBe(202);
    expect(first.body.alerts).toEqual([
      expect.objectContaining({ title: 'Credential phishing kit hosted on compromised sites', tlp: 'CLEAR', scope: 'global' }),
    ]);
    expect(first.body.skipped.map((s) => s.reason).join(' ')).toMatch(/yara/);
    const id = first.body.alerts[0].id;
    const again = await post('ke', '/api/v1/import/misp?scope=global', event);
    expect(again.body.alerts).toEqual([]);
    expect(again.body.skipped).toContainEqual(expect.objectContaining({ reason: `duplicate of ${id}` }));
    await mesh.waitForAlert('jp', id);
    const indicators = (
      await mesh.request<{ alert: { indicators: Array<{ type: string; value: string }> } }>('jp', 'GET', `/api/v1/alerts/${id}`)
    ).body.alert.indicators;
    expect(indicators).toEqual(
      expect.arrayContaining([
        { type: 'domain', value: 'secure-bank-login.example' },
        { type: 'ipv4', value: '203.0.113.9' },
        { type: 'sha256', value: 'a'.repeat(64) },
      ]),
    );

    const manifest = await mesh.request<Record<string, { info: string }>>('jp', 'GET', '/feeds/misp/manifest.json');
    const [uuid] = Object.entries(manifest.body).find(([, e]) => e.info === 'Credential phishing kit hosted on compromised sites')!;
    const fed = await mesh.request<{
      Event: { Tag: Array<{ name: string }>; Attribute: Array<{ value: string }>; Orgc: { name: string } };
    }>('jp', 'GET', `/feeds/misp/${uuid}.json`);
    expect(fed.body.Event.Tag).toContainEqual(expect.objectContaining({ name: 'tlp:clear' }));
    expect(fed.body.Event.Attribute.map((a) => a.value)).toContain('secure-bank-login.example');
    const hashes = await mesh.request<string>('jp', 'GET', '/feeds/misp/hashes.csv');
    expect(hashes.body).toMatch(new RegExp(`^[0-9a-f]{32},${uuid}$`, 'm'));
    const noToken = await fetch(`http://127.0.0.1:${mesh.runner.party('jp').httpPort}/feeds/misp/manifest.json`);
    expect(noToken.status).toBe(401);
    expect(noToken.headers.get('www-authenticate')).toMatch(/Bearer/);
  });

  it('refuses to widen or narrow a restricted import on its own: names how to give the recipients', async () => {
    const bundle = (
      await mesh.request<Record<string, unknown>>(
        'ke',
        'GET',
        `/api/v1/alerts/${await mesh.submit('ke', alert({ tlp: 'CLEAR' }))}/export?format=stix`,
      )
    ).body;
    const objects = (bundle.objects as Array<Record<string, unknown>>).map((o) =>
      o.type === 'report'
        ? {
            ...o,
            id: 'report--6d1b9c43-8f0a-4c44-b7a1-2b0e3c7d9f10',
            name: 'Amber from a tool',
            object_marking_refs: ['marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421'],
          }
        : o,
    );
    const amber = { ...bundle, objects };
    const refused = await post('ke', '/api/v1/import/stix', amber);
    expect(refused.body.alerts).toEqual([]);
    expect(refused.body.skipped[0].reason).toMatch(/TLP:AMBER goes only to named recipients: name them with \?recipients= or \?groups=/);
    const named = await post('ke', '/api/v1/import/stix?recipients=jp&scope=global', amber);
    expect(named.body.alerts).toEqual([expect.objectContaining({ tlp: 'AMBER' })]);
    await mesh.waitForAlert('jp', named.body.alerts[0].id);
    await mesh.barrier('ke');
    expect(await mesh.alertIds('ng')).not.toContain(named.body.alerts[0].id);
  });

  it('folds a flood of X-ARF reports into one alert per source, keeping the victims out', async () => {
    const sources = Array.from({ length: 10 }, (_, i) => `198.51.100.${10 + i}`);
    const reports = Array.from({ length: 1000 }, (_, n) => xarfSpam(sources[n % 10], n));
    const intake = await post('ng', '/api/v1/import/xarf', reports);
    expect(intake.status).toBe(202);
    expect(intake.body.campaigns).toHaveLength(10);
    expect(intake.body.campaigns.every((c) => c.reports === 100)).toBe(true);
    expect((await post('ng', '/api/v1/import/xarf', reports.slice(0, 5))).body.skipped).toHaveLength(5); // counted once
    const flushed = await mesh.request<{ alerts: Array<{ id: string }> }>('ng', 'POST', '/api/v1/spam/flush');
    expect(flushed.body.alerts).toHaveLength(10);
    const one = await held('ng', flushed.body.alerts[0].id);
    expect(one.alert).toMatchObject({
      title: expect.stringMatching(/^Spam campaign from 198\.51\.100\.\d+ \(100 reports\)$/),
      campaign: { reports: 100, types: ['messaging/spam'] },
    });
    await mesh.waitForAlert('ke', flushed.body.alerts[0].id);
    const everything = JSON.stringify(await Promise.all(flushed.body.alerts.map((a) => held('ng', a.id))));
    expect(everything).not.toContain('victim@home.example');
    expect(everything).not.toContain('abuse@isp.example');
    expect((await mesh.request<{ campaigns: unknown[] }>('ng', 'GET', '/api/v1/spam/campaigns')).body.campaigns).toEqual([]);
  });

  it('loses no report when the node is killed during a window: the open campaigns come back', async () => {
    const intake = await post('my', '/api/v1/import/xarf', [xarfSpam('203.0.113.77', 1), xarfSpam('203.0.113.77', 2)]);
    expect(intake.body.campaigns).toEqual([expect.objectContaining({ source: 'ipv4:203.0.113.77', reports: 2 })]);
    await mesh.runner.stopApp('my', 'SIGKILL');
    await mesh.runner.startApp('my');
    const open = await mesh.request<{ campaigns: Array<{ source: string; reports: number }> }>('my', 'GET', '/api/v1/spam/campaigns');
    expect(open.body.campaigns).toEqual([expect.objectContaining({ source: 'ipv4:203.0.113.77', reports: 2 })]);
    const flushed = await mesh.request<{ alerts: Array<{ id: string }> }>('my', 'POST', '/api/v1/spam/flush');
    expect(flushed.body.alerts).toHaveLength(1);
    expect((await held('my', flushed.body.alerts[0].id)).alert.campaign).toMatchObject({ reports: 2 });
  });

  it('takes ARF reports by API and by mail from a real SMTP client, and answers what is not a report with why', async () => {
    const byApi = await postRaw('za', '/api/v1/import/arf', arfMessage('192.0.2.200', 'arf-1@isp.example'), 'message/rfc822');
    expect(byApi.status).toBe(202);
    expect(byApi.body.campaigns).toEqual([expect.objectContaining({ source: 'ipv4:192.0.2.200', reports: 1 })]);
    const smtp = new URL(mesh.runner.manifest().nodes.find((n) => n.id === 'za')!.smtp!);
    const mail = createTransport({ host: smtp.hostname, port: Number(smtp.port), secure: false, ignoreTLS: true });
    const sent = await mail.sendMail({
      envelope: { from: 'abuse@isp.example', to: ['abuse@cirt.example'] },
      raw: arfMessage('192.0.2.200', 'arf-2@isp.example'),
    });
    expect(sent.response).toMatch(/^250 report stored: campaign ipv4:192\.0\.2\.200 \(2 reports/);
    await expect(
      mail.sendMail({ envelope: { from: 'abuse@isp.example', to: ['abuse@cirt.example'] }, raw: 'Subject: hello\r\n\r\nnot a report' }),
    ).rejects.toMatchObject({
      responseCode: 550,
      response: expect.stringMatching(/multipart\/report|feedback-report|not an ARF/i),
    });
    const flushed = await mesh.request<{ alerts: Array<{ id: string }> }>('za', 'POST', '/api/v1/spam/flush');
    const alertText = JSON.stringify(await held('za', flushed.body.alerts[0].id));
    expect(alertText).toContain('spam-sender.example');
    expect(alertText).not.toContain('jane.victim@home.example');
  });

  it('exports one alert as STIX or MISP, and only to whom may read it', async () => {
    const id = await mesh.submit('ke', alert({ tlp: 'GREEN', indicators: [{ type: 'url', value: 'http://bad.example/x' }] }));
    const stix = await mesh.request<{ type: string; objects: Array<{ type: string }> }>(
      'ke',
      'GET',
      `/api/v1/alerts/${id}/export?format=stix`,
    );
    expect(stix.body.type).toBe('bundle');
    expect(stix.body.objects.map((o) => o.type)).toEqual(expect.arrayContaining(['report', 'indicator', 'identity', 'marking-definition']));
    const misp = await mesh.request<{ Event: { info: string } }>('ke', 'GET', `/api/v1/alerts/${id}/export?format=misp`);
    expect(misp.body.Event.info).toBe('Phishing campaign against mobile banking users');
    expect((await mesh.request('ke', 'GET', `/api/v1/alerts/${id}/export?format=pdf`)).status).toBe(400);
    expect(
      (
        await mesh.request(
          'ng',
          'GET',
          `/api/v1/alerts/${await mesh.submit('ke', alert({ tlp: 'RED', recipients: ['za'] }))}/export?format=stix`,
        )
      ).status,
    ).toBe(404);
  });

  it('answers hostile and wrong bodies on every new door with a 4xx, and stores nothing', async () => {
    await mesh.barrier('ke');
    const before = await mesh.subjectCount('ke', 'node.ke.sent.>');
    const campaigns = (await mesh.request<{ campaigns: unknown[] }>('ke', 'GET', '/api/v1/spam/campaigns')).body.campaigns.length;
    const cases: Array<[string, string, string]> = [
      ['/api/v1/import/stix', '{"type": "indicator", "id": "x"}', 'application/json'],
      ['/api/v1/import/stix', '{"objects": "not a list"}', 'application/json'],
      ['/api/v1/import/stix', '{not json', 'application/json'],
      ['/api/v1/import/stix', '{"objects": []}', 'text/plain'],
      ['/api/v1/import/misp', '{"hello": "world"}', 'application/json'],
      ['/api/v1/import/misp', '[1, 2, 3]', 'application/json'],
      ['/api/v1/import/xarf', '{"Version": "7"}', 'application/json'],
      ['/api/v1/import/xarf', '"a string"', 'application/json'],
      ['/api/v1/import/arf', 'Subject: hi\r\n\r\nno report here', 'message/rfc822'],
      ['/api/v1/import/arf', 'Subject: hi\r\n\r\nno report here', 'application/json'],
      ['/api/v1/import/misp', `{"Event": ${'['.repeat(40)}${']'.repeat(40)}}`, 'application/json'],
      ['/api/v1/import/stix', '{"__proto__": {"x": 1}, "objects": []}', 'application/json'],
      ['/api/v1/import/stix?recipients=NOT%20AN%20ID', '{"objects": []}', 'application/json'],
    ];
    for (const [path, body, type] of cases) {
      const res = await postRaw('ke', path, body, type);
      expect({ path, body: body.slice(0, 40), status: res.status >= 400 && res.status < 500 }).toEqual({
        path,
        body: body.slice(0, 40),
        status: true,
      });
    }
    await mesh.barrier('ke');
    expect((await mesh.subjectCount('ke', 'node.ke.sent.>')) - before).toBe(1); // the barrier alert only
    expect((await mesh.request<{ campaigns: unknown[] }>('ke', 'GET', '/api/v1/spam/campaigns')).body.campaigns).toHaveLength(campaigns);
  });
});
