import { admit, certifyRequest, importBundle, importCertificate, initAuthority, initParty, type Bundle } from '@cirtmesh/parties';
import { PartyRunner, type PartyEndpoint } from '@cirtmesh/runner';
import type { JoinRequest, PartyIdentity } from '@cirtmesh/federation';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { testProcesses, testTempDir } from './processes';
import { natsServerBinary } from './test-env';

export interface FederationSpec {
  global: string;
  regions: Array<{ id: string; nodes: Array<{ id: string; country: string }> }>;
}

/** A small federation: global, africa (ke, ng) and asia-pacific (jp). */
export const SMALL_FEDERATION: FederationSpec = {
  global: 'global',
  regions: [
    {
      id: 'africa',
      nodes: [
        { id: 'ke', country: 'KE' },
        { id: 'ng', country: 'NG' },
      ],
    },
    { id: 'asia-pacific', nodes: [{ id: 'jp', country: 'JP' }] },
  ],
};

/**
 * A federation on this machine, every party made in a directory of its own under `root` through
 * the same steps its operators take (init, certify, hub import, admit, run with the bundle), and
 * each run by its own PartyRunner: a nats-server with its own operator, and its app.
 */
export class TestFederation {
  readonly runners = new Map<string, PartyRunner>();

  private constructor(readonly root: string) {}

  static async start(spec: FederationSpec = SMALL_FEDERATION): Promise<TestFederation> {
    const federation = new TestFederation(testTempDir('cirtmesh-federation-'));
    try {
      await federation.found(spec);
    } catch (error) {
      await federation.stop();
      throw error;
    }
    return federation;
  }

  dir(id: string): string {
    return join(this.root, id);
  }

  endpoint(id: string): PartyEndpoint {
    const runner = this.runners.get(id);
    if (!runner) throw new Error(`no party ${id} runs in this federation`);
    return runner.endpoint;
  }

  joinRequest(id: string): JoinRequest {
    return JSON.parse(readFileSync(join(this.dir(id), 'join-request.json'), 'utf8')) as JoinRequest;
  }

  /** Starts (again) a party made earlier, from its own directory. */
  async run(id: string): Promise<PartyRunner> {
    const runner = await PartyRunner.start(this.dir(id), runOptions());
    this.runners.set(id, runner);
    return runner;
  }

  /** Stops a party's app and nats-server; its directory stays. */
  async halt(id: string): Promise<void> {
    await this.runners.get(id)?.stop();
    this.runners.delete(id);
  }

  /** A member made and admitted by library calls, then run: what the three commands do. */
  async join(party: PartyIdentity, tier?: string): Promise<Bundle> {
    initParty(this.dir(party.id), party);
    const bundle = await admit(this.dir(party.parent!), this.joinRequest(party.id), { tier });
    importBundle(this.dir(party.id), JSON.parse(JSON.stringify(bundle)));
    await this.run(party.id);
    return bundle;
  }

  async stop(): Promise<void> {
    const order = [...this.runners.keys()].reverse();
    for (const id of order) await this.halt(id);
  }

  /** Removes every party's directory; after stop. */
  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }

  private async found(spec: FederationSpec): Promise<void> {
    initAuthority(this.dir('authority'));
    await this.hub({ id: spec.global, kind: 'hub', role: 'global' });
    for (const region of spec.regions) {
      await this.hub({ id: region.id, kind: 'hub', role: 'regional', region: region.id, parent: spec.global });
      for (const node of region.nodes) {
        await this.join({ id: node.id, kind: 'node', role: 'national', region: region.id, parent: region.id, country: node.country });
      }
    }
  }

  /** A hub: its keys, the authority's certificate, admission by the hub above, then run. */
  private async hub(party: PartyIdentity): Promise<void> {
    initParty(this.dir(party.id), party);
    const certificate = certifyRequest(this.dir('authority'), this.joinRequest(party.id));
    importCertificate(this.dir(party.id), JSON.parse(JSON.stringify(certificate)));
    if (party.parent) {
      const bundle = await admit(this.dir(party.parent), JSON.parse(JSON.stringify(certificate)));
      importBundle(this.dir(party.id), JSON.parse(JSON.stringify(bundle)));
    }
    await this.run(party.id);
  }
}

function runOptions(): { natsServerBin: string; processObserver: typeof testProcesses; env: Record<string, string> } {
  return { natsServerBin: natsServerBinary(), processObserver: testProcesses, env: { CIRTMESH_LOG_LEVEL: 'info' } };
}
