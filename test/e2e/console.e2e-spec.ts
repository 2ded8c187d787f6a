import type { NodeStatus, StoredAlert } from '@cirtmesh/contracts';
import { launchChromium, type TestBrowser, TestMesh, waitUntil } from '@cirtmesh/testing';
import type { BrowserContext, Download, Locator, Page } from 'playwright-core';
import { v7 } from 'uuid';
import { alert } from './fixtures';

/** The browser's own, for code that runs in the page (the tests are type-checked without the DOM libraries). */
declare function getComputedStyle(element: unknown): { color: string; backgroundColor: string };

/** The web console each national node serves at `/`, driven in a real browser against the demo mesh. */
describe('web console', () => {
  let mesh: TestMesh;
  let chromium: TestBrowser;
  /** Script errors and Content Security Policy violations, per page; an error status the test asked for is not one. */
  let problems: string[] = [];

  // The browser first: it is the cheap part, and the likely one to be missing.
  beforeAll(async () => {
    chromium = await launchChromium();
    mesh = await TestMesh.start();
  });

  afterAll(async () => {
    await chromium?.close();
    await mesh?.stop();
  });

  beforeEach(() => {
    problems = [];
  });

  const base = (party: string): string => `http://127.0.0.1:${mesh.runner.party(party).httpPort}/`;

  /** A page in a context of its own: its own session storage, as a new browser tab has. */
  async function open(party: string, hash = '', setup?: (context: BrowserContext) => Promise<void>): Promise<Page> {
    const context = await chromium.browser.newContext();
    await setup?.(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => problems.push(`${party}: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' && !/^Failed to load resource: the server responded with a status of 4\d\d/.test(message.text()))
        problems.push(`${party}: ${message.text()}`);
    });
    await page.goto(`${base(party)}${hash}`);
    return page;
  }

  async function signIn(page: Page, party: string): Promise<void> {
    await page.getByLabel('API token').fill(mesh.runner.party(party).apiToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  async function openSignedIn(party: string, setup?: (context: BrowserContext) => Promise<void>): Promise<Page> {
    const page = await open(party, '', setup);
    await signIn(page, party);
    await page.getByRole('heading', { level: 1, name: 'Live feed' }).waitFor();
    return page;
  }

  /** Clicks Refresh on an alert's page until `what` shows, for what travels back over the mesh. */
  /** A picture's caption as a reader hears it: its text, white space folded. */
  const caption = async (page: Page, selector: string): Promise<string> =>
    ((await page.locator(selector).textContent()) ?? '').replace(/\s+/g, ' ').trim();

  async function refreshUntil(page: Page, what: Locator, description: string): Promise<void> {
    await waitUntil(
      description,
      async () => {
        if ((await what.count()) > 0) return true;
        await page.getByRole('button', { name: 'Refresh' }).click();
        return undefined;
      },
      { timeoutMs: 20_000, intervalMs: 250 },
    );
  }

  const submitPage = async (page: Page): Promise<void> => {
    await page.getByRole('link', { name: 'Submit an alert' }).click();
    await page.getByRole('heading', { level: 1, name: 'Submit an alert' }).waitFor();
  };

  it('shows the sign-in page at / without a token, refuses a wrong token, and the API still wants one', async () => {
    const res = await fetch(base('ke'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    // Plain HTTP: no upgrade to HTTPS, or the console would not load from another machine.
    expect(res.headers.get('content-security-policy')).not.toMatch(/upgrade-insecure-requests/);
    const page = await res.text();
    expect(page).toMatch(/<script type="module"[^>]* src="\.\/assets\/[^"]+\.js">/);
    expect(page).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/); // nothing inline
    for (const path of ['api/v1/alerts', 'api/v1/alerts/stream', 'api/v1/status']) {
      expect((await fetch(`${base('ke')}${path}`)).status).toBe(401);
    }
    expect((await fetch(`${base('ke')}api/v1/alerts`, { headers: { authorization: 'Bearer nope' } })).status).toBe(401);

    const ke = await open('ke');
    await ke.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    expect(await ke.getByRole('navigation').count()).toBe(0);
    await ke.getByLabel('API token').fill('not-a-token-of-this-node');
    await ke.getByRole('button', { name: 'Sign in' }).click();
    await ke.getByRole('alert').filter({ hasText: 'token refused' }).waitFor();
    expect(await ke.evaluate<number>('sessionStorage.length')).toBe(0);

    // A kept token that the node no longer accepts ends the session with the same words.
    await signIn(ke, 'ke');
    await ke.getByRole('heading', { level: 1, name: 'Live feed' }).waitFor();
    await ke.evaluate("sessionStorage.setItem(sessionStorage.key(0), 'revoked-token')");
    await ke.reload();
    await ke.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await ke.getByRole('alert').filter({ hasText: 'token refused' }).waitFor();
    expect(problems).toEqual([]);
  });

  it("submits an alert through ke's form that appears live in jp's feed, then shows it, acks it and reports a sighting", async () => {
    const title = `Console phishing wave ${v7()}`;
    const jp = await openSignedIn('jp');
    await jp.getByRole('status').filter({ hasText: 'Live:' }).waitFor();
    await jp.evaluate('window.stayedOnThisPage = true');

    const ke = await openSignedIn('ke');
    await submitPage(ke);
    await ke.getByLabel('Title').fill(title);
    await ke.getByLabel('Description (optional)').fill('Lure domains impersonate a bank.');
    await ke.getByLabel('Category').selectOption('phishing');
    await ke.getByLabel('Severity').selectOption('critical');
    await ke.getByLabel('TLP').selectOption('AMBER');
    await ke.getByLabel('Scope').selectOption('global');
    await ke.getByLabel('Recipients').fill('jp');
    await ke.getByLabel('Type of indicator 1').selectOption('domain');
    await ke.getByLabel('Value of indicator 1').fill('secure-login.example.net');
    await ke.getByRole('button', { name: 'Add an indicator' }).click();
    await ke.getByLabel('Value of indicator 2').fill('192.0.2.44');
    await ke.getByRole('button', { name: 'Submit the alert' }).click();
    const accepted = ke.getByRole('status').filter({ hasText: 'Alert accepted' });
    await accepted.waitFor();
    const id = (await accepted.getByRole('link', { name: title }).getAttribute('href'))!.split('/').pop()!;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);

    // jp's feed shows it without a reload, with the TLP 2.0 colours and a severity badge.
    const row = jp.getByRole('row', { name: new RegExp(title) });
    await row.waitFor({ timeout: 30_000 });
    expect(await jp.evaluate<boolean>("'stayedOnThisPage' in window")).toBe(true);
    const colours = (l: Locator): Promise<string[]> =>
      l.evaluate((el) => [getComputedStyle(el).color, getComputedStyle(el).backgroundColor]);
    expect(await colours(row.getByText('TLP:AMBER', { exact: true }))).toEqual(['rgb(255, 192, 0)', 'rgb(0, 0, 0)']);
    expect(await row.getByText('critical', { exact: true }).getAttribute('class')).toContain('severity-critical');
    await row.getByText('new', { exact: true }).waitFor();

    // The detail page: content, indicators, provenance.
    await row.getByRole('link', { name: title }).click();
    await jp.getByRole('heading', { level: 1, name: title }).waitFor();
    expect(jp.url()).toContain(`#/alerts/${id}`);
    await jp.getByRole('cell', { name: 'secure-login.example.net' }).waitFor();
    await jp.getByRole('cell', { name: '192.0.2.44' }).waitFor();
    await jp.getByText(/Signed by ke with key \S+, verified on arrival/).waitFor();

    // Feedback goes back to ke; the node's own messages come back for a bad report.
    await jp.getByRole('button', { name: 'Acknowledge' }).click();
    await jp.getByRole('status').filter({ hasText: 'Acknowledgement stored for ke' }).waitFor();
    await jp.getByLabel('How many times').fill('3');
    await jp.getByLabel('First seen').fill('2026-01-10T08:00');
    await jp.getByLabel('Last seen').fill('2026-01-09T08:00');
    await jp.getByRole('button', { name: 'Report sighting' }).click();
    await jp.getByRole('alert').filter({ hasText: 'firstSeen must not be after lastSeen' }).waitFor();
    await jp.getByLabel('Last seen').fill('2026-01-11T08:00');
    await jp.getByRole('button', { name: 'Report sighting' }).click();
    await jp.getByRole('status').filter({ hasText: 'Sighting stored for ke' }).waitFor();
    await jp.getByRole('listitem').filter({ hasText: 'jp acted' }).waitFor();

    // ke's page for its alert: where it went, and what came back.
    await accepted.getByRole('link', { name: title }).click();
    await ke.getByRole('heading', { level: 1, name: title }).waitFor();
    expect(await ke.getByRole('heading', { name: /^Tell / }).count()).toBe(0); // no feedback on one's own alert
    await refreshUntil(ke, ke.getByRole('row', { name: /^jp delivered asia-pacific/ }), 'the delivery to jp on ke');
    await refreshUntil(ke, ke.getByRole('listitem').filter({ hasText: 'jp acted' }), "jp's ack on ke");
    await refreshUntil(ke, ke.getByRole('row', { name: /^jp 3 / }), "jp's sighting on ke");
    expect(problems).toEqual([]);
  });

  it("draws a sent alert's route as a timeline, each hop timed and the slowest marked, with a refusal and its reason", async () => {
    const title = `Console route ${v7()}`;
    const id = await mesh.submit('ke', alert({ tlp: 'AMBER', recipients: ['ke-fin', 'ng', 'jp'], scope: 'global', title }));
    const ke = await open('ke', `#/alerts/${id}`);
    await signIn(ke, 'ke');
    await ke.getByRole('heading', { level: 1, name: title }).waitFor();
    const timeline = ke.locator('#route-timeline');
    const hop = (party: string): Locator => timeline.locator(`g.hop[data-party="${party}"]`);
    // jp's store is the last hop reported: a point on the axis once its stored notice is in.
    await refreshUntil(ke, hop('jp').locator('circle.point'), "jp's stored notice on ke");
    await refreshUntil(ke, hop('ng').locator('circle.point'), "ng's stored notice on ke");
    for (const party of ['ke', 'africa', 'global', 'asia-pacific', 'jp', 'ng']) {
      expect(await hop(party).locator('title').textContent()).toMatch(/\+\d+ ms from creation \(hop \d+ ms\)$/);
    }
    expect(await hop('ke-fin').locator('title').textContent()).toBe('ke-fin (recipient): refused; tier-tlp-ceiling');
    expect(await timeline.locator('g.hop.slowest').count()).toBe(1);
    expect(await caption(ke, '#route-caption')).toMatch(/^Route from ke: the slowest hop was to \S+, \d+ ms\.$/);
    const refusal = ke.getByRole('row', { name: /^ke-fin recipient refused/ });
    await refusal.getByText('ke-fin is tier sector, which receives at most TLP:GREEN').waitFor();
    await ke.getByRole('row', { name: /\(slowest\)$/ }).waitFor();
    expect(problems).toEqual([]);
  });

  it('downloads an alert as a STIX bundle and as a MISP event, fetched with the token and saved under the alert id', async () => {
    const title = `Console download ${v7()}`;
    const id = await mesh.submit('ke', alert({ tlp: 'GREEN', scope: 'national', title }));
    const ke = await open('ke', `#/alerts/${id}`);
    await signIn(ke, 'ke');
    await ke.getByRole('heading', { level: 1, name: title }).waitFor();
    const download = async (label: string): Promise<Download> => {
      const started = ke.waitForEvent('download');
      await ke.getByRole('button', { name: label }).click();
      return started;
    };
    const contents = async (file: Download): Promise<unknown> => {
      const chunks: Buffer[] = [];
      for await (const chunk of await file.createReadStream()) chunks.push(chunk as Buffer);
      return JSON.parse(Buffer.concat(chunks).toString('utf8'));
    };

    const stix = await download('Download as STIX');
    expect(stix.suggestedFilename()).toBe(`${id}.stix.json`);
    const bundle = (await contents(stix)) as { type: string; objects: Array<Record<string, unknown>> };
    expect(bundle.type).toBe('bundle');
    expect(bundle.objects.find((o) => o.type === 'report')).toMatchObject({
      name: title,
      external_references: [{ source_name: 'cirtmesh', external_id: id }],
    });
    expect(bundle.objects.filter((o) => o.type === 'indicator').map((o) => o.pattern)).toEqual([
      "[domain-name:value = 'secure-login.example.net']",
      "[ipv4-addr:value = '192.0.2.44']",
    ]);
    await ke
      .getByRole('status')
      .filter({ hasText: `Saved ${id}.stix.json` })
      .waitFor();

    const misp = await download('Download as MISP');
    expect(misp.suggestedFilename()).toBe(`${id}.misp.json`);
    expect(await contents(misp)).toMatchObject({
      Event: { info: title, Tag: expect.arrayContaining([expect.objectContaining({ name: 'tlp:green' })]) },
    });
    await ke
      .getByRole('status')
      .filter({ hasText: `Saved ${id}.misp.json` })
      .waitFor();
    expect(problems).toEqual([]);
  });

  it("shows the API's validation messages for a bad submission, and the outbound policy's reasons for a refused one", async () => {
    const word = `nonce${Date.now()}`;
    const ke = await openSignedIn('ke');
    await submitPage(ke);
    await ke.getByLabel('Title').fill(`Bad ${word}`);
    await ke.getByLabel('TLP').selectOption('RED');
    await ke.getByLabel('Value of indicator 1').fill('not-an-address');
    await ke.getByRole('button', { name: 'Submit the alert' }).click();
    const refused = ke.getByRole('alert').filter({ hasText: 'Alert not accepted (400)' });
    await refused.waitFor();
    await refused.getByText(/^recipients: /).waitFor();
    await refused.getByText(/^indicators\.0\.value: value must be an IPv4 address such as 192\.0\.2\.1/).waitFor();
    expect((await mesh.request<{ items: unknown[] }>('ke', 'GET', `/api/v1/alerts?q=${word}`)).body.items).toEqual([]);

    // ke-fin may send at most GREEN, within its region.
    const fin = await openSignedIn('ke-fin');
    await submitPage(fin);
    await fin.getByLabel('Title').fill(`Too wide ${word}`);
    await fin.getByLabel('TLP').selectOption('AMBER');
    await fin.getByLabel('Scope').selectOption('global');
    await fin.getByLabel('Recipients').fill('ke');
    await fin.getByRole('button', { name: 'Submit the alert' }).click();
    const policy = fin.getByRole('alert').filter({ hasText: "(422): this node's outbound policy refused the alert" });
    await policy.waitFor();
    await policy.getByText(/^node-tlp-ceiling: /).waitFor();
    await policy.getByText(/^node-scope: /).waitFor();
    expect(problems).toEqual([]);
  });

  it('shows the link to the hub up on the status page, read again every few seconds', async () => {
    const ke = await open('ke', '#/status');
    await ke.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await signIn(ke, 'ke');
    await ke.getByRole('heading', { level: 1, name: 'Mesh status' }).waitFor();
    await ke.locator('#link-state').getByText('up', { exact: true }).waitFor();
    await ke.getByText('node ke, region africa').waitFor();
    const archive = ke.getByRole('definition').filter({ hasText: /^\d+ alerts \(memory\)$/ });
    const before = Number((await archive.textContent())!.split(' ')[0]);
    await mesh.submit('ke', alert({ tlp: 'CLEAR', scope: 'national' }));
    await ke
      .getByRole('definition')
      .filter({ hasText: `${before + 1} alerts (memory)` })
      .waitFor({ timeout: 15_000 });
    expect(problems).toEqual([]);
  });

  it("charts the node's delivery latency over the last hour on the status page", async () => {
    const id = await mesh.submit('ke', alert({ tlp: 'CLEAR', scope: 'global', title: 'For the latency chart' }));
    await mesh.waitForAlert('jp', id);
    const { body } = await mesh.request<NodeStatus>('jp', 'GET', '/api/v1/status');
    expect(body.latency.windowMinutes).toBe(60);
    expect(body.latency.points.reduce((sum, p) => sum + p.deliveries, 0)).toBeGreaterThanOrEqual(1);
    for (const p of body.latency.points) expect(p.p50Ms).toBeLessThanOrEqual(p.p99Ms);
    const jp = await open('jp', '#/status');
    await signIn(jp, 'jp');
    const point = jp.locator('#latency-chart circle.point').last();
    await point.waitFor({ state: 'attached' });
    expect(await point.locator('title').textContent()).toMatch(/^\S+: \d+ received, median \d+ ms, p99 \d+ ms, slowest \d+ ms$/);
    await jp.getByText(/Delivery latency, last 60 minutes: \d+ received/).waitFor();
    expect(problems).toEqual([]);
  });

  it('draws the mesh from the node: its link, its hub and the hub above, with backlogs, refreshed live', async () => {
    const ng = await open('ng', '#/status');
    await signIn(ng, 'ng');
    const picture = ng.locator('#mesh-picture');
    await picture.locator('g.party[data-party="global"]').waitFor({ state: 'attached', timeout: 20_000 });
    expect(await Promise.all((await picture.locator('g.party').all()).map((g) => g.getAttribute('data-party')))).toEqual([
      'ng',
      'africa',
      'global',
    ]);
    await picture.locator('g.link-up[data-link="ng-africa"]').waitFor({ state: 'attached' });
    await picture.locator('g.link-up[data-link="africa-global"]').waitFor({ state: 'attached' });
    expect(await picture.locator('g.party[data-party="africa"] title').textContent()).toMatch(/^africa \(regional hub\): \d+ waiting/);
    expect(await picture.locator('g.party[data-party="global"] title').textContent()).toMatch(/^global \(hub above\): \d+ waiting/);
    expect(await caption(ng, '#mesh-caption')).toMatch(/^ng → africa → global: africa last told its members about itself \d+ s ago\.$/);
    // Live: the link goes down in the picture when the hub's server stops, without a reload.
    await mesh.runner.stopServer('africa');
    try {
      await picture.locator('g.link-down[data-link="ng-africa"]').waitFor({ state: 'attached', timeout: 30_000 });
    } finally {
      await mesh.runner.startServer('africa');
    }
    await picture.locator('g.link-up[data-link="ng-africa"]').waitFor({ state: 'attached', timeout: 30_000 });
    expect(problems).toEqual([]);
  });

  it("shows the stream's overflow and aged-out notices, and resumes with Last-Event-ID", async () => {
    const id = await mesh.submit('my', alert({ tlp: 'CLEAR', scope: 'national', title: 'Held on my' }));
    const held = (await mesh.request<StoredAlert>('my', 'GET', `/api/v1/alerts/${id}`)).body;
    const seq = held.seq + 1_000;
    const streamed: StoredAlert = { ...held, seq, alert: { ...held.alert, id: v7(), title: 'Streamed before a cut' } };
    const asked: Array<string | undefined> = [];
    const event = (name: string, data: unknown, eventId?: string): string =>
      `${eventId ? `id: ${eventId}\n` : ''}event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
    // The node's stream, as it answers a client too slow to keep up, then one resuming from too long ago.
    const my = await openSignedIn('my', async (context) => {
      await context.route('**/api/v1/alerts/stream*', async (route) => {
        asked.push(route.request().headers()['last-event-id']);
        const reply = (body: string): Promise<void> => route.fulfill({ status: 200, contentType: 'text/event-stream', body });
        if (asked.length === 1)
          return reply(
            `retry: 100\n\n${event('alert', streamed, String(seq))}` +
              event('overflow', { reason: 'client too slow: its unread events passed the bound', lastEventId: String(seq) }),
          );
        if (asked.length === 2)
          return reply(
            event('aged-out', {
              lastEventId: String(seq),
              horizon: String(seq + 5),
              reason: 'events up to the horizon have aged out of what this node keeps',
            }),
          );
        return reply('retry: 5000\n\n: nothing more\n\n');
      });
    });
    await my.getByRole('row', { name: /Streamed before a cut/ }).waitFor();
    const cut = my.getByRole('alert').filter({ hasText: 'Stream cut by the node' });
    await cut.getByText(/client too slow: its unread events passed the bound.*resumes after event \d+/).waitFor();
    const aged = my.getByRole('alert').filter({ hasText: 'Alerts aged out' });
    await aged.getByText(`up to ${seq + 5} are no longer held by this node`, { exact: false }).waitFor();
    expect(Number(asked[0])).toBeGreaterThanOrEqual(held.seq); // the first connection resumes after the snapshot
    expect(asked[1]).toBe(String(seq)); // the reconnection, after the last alert received
    await cut.getByRole('button', { name: 'Dismiss' }).click();
    await cut.waitFor({ state: 'detached' });
    await aged.waitFor();
    expect(problems).toEqual([]);
  });
});
