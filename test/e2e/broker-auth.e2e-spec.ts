import { Subjects } from '@cirtmesh/contracts';
import { TestMesh, waitUntil } from '@cirtmesh/testing';
import { ensureMeshAuth, ensureMeshTls, leafCredsPath, partyTls } from '@cirtmesh/topology';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, credsAuthenticator } from 'nats';
import { alert } from './fixtures';
import { RogueLeaf, type LeafAttempt } from './rogue-leaf';

/**
 * The broker's own security: every connection is an nkey user signed by an account of the server's
 * own party, every leaf link also needs a certificate that chains to the mesh root, and a member's
 * credentials work at its own hub only.
 */
describe('who may connect to the mesh nats-servers', () => {
  let mesh: TestMesh;
  let elsewhere: string;

  beforeAll(async () => {
    mesh = await TestMesh.start();
    // A second mesh authority and CA: well-formed keys and certificates the mesh never issued.
    elsewhere = mkdtempSync(join(tmpdir(), 'cirtmesh-elsewhere-'));
    ensureMeshTls(elsewhere, ['ke']);
    await ensureMeshAuth(elsewhere, [{ id: 'africa' }, { id: 'ke', parent: 'africa' }]);
  });

  afterAll(async () => {
    await mesh?.stop();
    if (elsewhere) rmSync(elsewhere, { recursive: true, force: true });
  });

  const hubLeafPort = (hub: string): number => mesh.runner.plan.servers.find((s) => s.id === hub)!.leafPort!;
  const meshTls = (party: string): LeafAttempt['tls'] => mesh.leafFiles(party).tls;
  const leafCreds = (party: string): string => mesh.leafFiles(party).creds;

  async function attempt(leaf: LeafAttempt, subject: string): Promise<{ reached: boolean; log: string }> {
    const rogue = await RogueLeaf.start(leaf);
    try {
      // Replies reach a leaf user only on its member's inbox prefix; ke's is the one to use.
      const reached = await rogue.reachesHub(subject, '_INBOX_ke');
      return { reached, log: rogue.log };
    } finally {
      await rogue.stop();
    }
  }

  it('refuses anonymous, password and foreign-nkey connections to every nats-server', async () => {
    const foreign = readFileSync(leafCredsPath(elsewhere, 'ke'));
    for (const party of ['ke', 'africa', 'global']) {
      const servers = mesh.runner.party(party).natsUrl;
      const common = { servers, reconnect: false, timeout: 2_000 };
      await expect(connect(common)).rejects.toThrow(/Authorization/i);
      await expect(connect({ ...common, user: 'app', pass: 'not-the-password' })).rejects.toThrow(/Authorization/i);
      await expect(connect({ ...common, authenticator: credsAuthenticator(foreign) })).rejects.toThrow(/Authorization/i);
    }
  });

  it("lets a leaf with ke's certificate and ke's credentials reach africa (the control case)", async () => {
    const result = await attempt(
      { leafPort: hubLeafPort('africa'), tls: meshTls('ke'), creds: leafCreds('ke') },
      Subjects.ingest('africa', 'ke'),
    );
    expect(result.reached).toBe(true);
  });

  it("refuses a leaf with ke's real credentials but a certificate from another CA", async () => {
    const tls = { ...partyTls(elsewhere, 'ke'), ca: meshTls('ke').ca };
    const result = await attempt({ leafPort: hubLeafPort('africa'), tls, creds: leafCreds('ke') }, Subjects.ingest('africa', 'ke'));
    expect(result.reached).toBe(false);
  });

  it('refuses a leaf with a mesh certificate but no credentials, or credentials the mesh never issued', async () => {
    for (const creds of [undefined, leafCredsPath(elsewhere, 'ke')]) {
      const result = await attempt({ leafPort: hubLeafPort('africa'), tls: meshTls('ke'), creds }, Subjects.ingest('africa', 'ke'));
      expect(result.reached).toBe(false);
      expect(result.log).toMatch(/Authorization Violation/);
    }
  });

  it("refuses ke's credentials at any hub but its own", async () => {
    const result = await attempt(
      { leafPort: hubLeafPort('asia-pacific'), tls: meshTls('ke'), creds: leafCreds('ke') },
      Subjects.ingest('asia-pacific', 'ke'),
    );
    expect(result.reached).toBe(false);
    expect(result.log).toMatch(/Authorization Violation/);
  });

  it("refuses a leaf that publishes as another member, on the hub's own server, in either lane", async () => {
    // ke's real link, then ng's ingest subjects: the server drops them, so nothing reaches INGEST.
    for (const lane of ['bulk', 'critical'] as const) {
      const result = await attempt(
        { leafPort: hubLeafPort('africa'), tls: meshTls('ke'), creds: leafCreds('ke') },
        Subjects.ingest('africa', 'ng', lane),
      );
      expect(result.reached).toBe(false);
    }
  });

  // Last: it cuts ke off for good.
  it("closes a revoked member's link and refuses it from then on", async () => {
    const before = await mesh.submit('ke', alert({ tlp: 'CLEAR', title: 'before the revocation' }));
    await mesh.waitForAlert('ng', before);
    await mesh.runner.revokeLeaf('ke');
    await waitUntil(
      "ke's uplink to go down",
      async () => {
        const health = await mesh.request<{ checks: { uplink: boolean } }>('ke', 'GET', '/api/v1/health');
        return health.body.checks?.uplink === false;
      },
      { timeoutMs: 15_000, intervalMs: 200 },
    );
    const after = await mesh.submit('ke', alert({ tlp: 'CLEAR', title: 'after the revocation' }));
    // A witness from a member still in good standing shows the mesh itself still flows.
    const witness = await mesh.submit('za', alert({ tlp: 'CLEAR', title: 'witness' }));
    await mesh.waitForAlert('ng', witness);
    const atNg = await mesh.request('ng', 'GET', `/api/v1/alerts/${after}`);
    expect(atNg.status).toBe(404);
    const result = await attempt(
      { leafPort: hubLeafPort('africa'), tls: meshTls('ke'), creds: leafCreds('ke') },
      Subjects.ingest('africa', 'ke'),
    );
    expect(result.reached).toBe(false);
  });
});
