import { DIRECTORY_SECTION_CONTENT, MeshHeaders, Streams, Subjects } from '@cirtmesh/contracts';
import { FederationError, type Applied, type HeldDirectory } from '@cirtmesh/federation';
import { silentLog, type Log } from '@cirtmesh/logging';
import { PermanentMessageError, publishDurable, type IncomingMessage } from '@cirtmesh/messaging';
import type { NatsConnection } from 'nats';
import { ensureHubStreams } from './hub-streams';
import type { ArrivedFrom, HubView } from './hub-view';
import type { PolicyHolder } from './policy-holder';

type Section = Applied['section'];

/**
 * A federation's directory, spread over the mesh. Each hub signs its own section (its admitted
 * members); when it changes, the hub applies it and sends it to its members and to the hub above.
 * The global hub sends every regional section it applies down to every region, and each regional
 * hub passes what comes from above on to its nodes. Every party verifies a section before it
 * applies or passes it on, and passes on only what changed what it holds, so nothing loops.
 */
export class SpreadDirectory {
  constructor(
    private readonly nc: NatsConnection,
    private readonly hub: HubView,
    private readonly held: HeldDirectory,
    private readonly policies: PolicyHolder,
    private readonly log: Log = silentLog,
  ) {}

  /** The hub's own section, as its operator's tools wrote it: applied, and spread when it is new. */
  async publishOwn(section: unknown): Promise<Applied> {
    const owner = (section as { owner?: unknown } | null)?.owner;
    if (owner !== this.hub.id)
      throw new FederationError('NOT_OURS', `the section file holds the section of ${String(owner)}, not of ${this.hub.id}`);
    const applied = this.held.apply(section);
    if (applied.outcome === 'applied') await this.took(applied.section);
    // Sent even when this hub held it already: a member or the hub above may not have it yet, and dedupe drops repeats.
    await this.spread(applied.section, 'own');
    return applied;
  }

  /** A section from a member below or from the hub above. */
  async execute(message: IncomingMessage, from: ArrivedFrom, sender: string): Promise<void> {
    let section: unknown;
    try {
      section = JSON.parse(Buffer.from(message.data).toString('utf8'));
    } catch {
      throw new PermanentMessageError('MALFORMED', 'a directory section that is not JSON');
    }
    const owner = (section as { owner?: unknown } | null)?.owner;
    if (from === 'below' && (this.hub.role !== 'global' || owner !== sender)) {
      throw new PermanentMessageError(
        'DIRECTORY_FROM_MEMBER',
        `${sender} sent a directory section of ${String(owner)}; a member sends none but its own hub's, to the global hub`,
      );
    }
    let applied: Applied;
    try {
      applied = this.held.apply(section);
    } catch (error) {
      const { code = 'REFUSED', message: why } = error as { code?: string; message: string };
      throw new PermanentMessageError(code, `directory section refused: ${why}`);
    }
    if (applied.outcome === 'applied') {
      this.log.info({ owner: applied.section.owner, version: applied.section.version, from: sender }, 'directory section applied');
      await this.took(applied.section);
    } else if (message.deliveryCount === 1) {
      return; // held already, and passed on when it was applied
    }
    // Applied now, or again after a failure to pass it on: passed on (dedupe drops repeats).
    await this.spread(applied.section, from);
  }

  /** What a new directory changes here: consumers for new members, and the policy checked against it. */
  private async took(section: Section): Promise<void> {
    await ensureHubStreams(this.nc, this.hub);
    const reload = this.policies.reload();
    if (!reload.ok) {
      this.log.warn({ owner: section.owner, version: section.version, error: reload.error }, 'policy does not fit the new directory');
    } else if (reload.changed) {
      this.log.info({ policy: reload.version, owner: section.owner, version: section.version }, 'policy reloaded with the new directory');
    }
  }

  /** Down to every member; up to the hub above, for the hub's own section only. */
  private async spread(section: Section, came: ArrivedFrom | 'own'): Promise<void> {
    const payload = Buffer.from(JSON.stringify(section));
    const msgId = `directory:${section.owner}:${section.version}`;
    const headers = { [MeshHeaders.content]: DIRECTORY_SECTION_CONTENT };
    const sends = this.hub.members.map((member) =>
      publishDurable(this.nc, Subjects.deliver(this.hub.id, member), payload, {
        msgId: `${msgId}:${member}`,
        headers,
        expectStream: Streams.deliver,
      }),
    );
    if (came === 'own' && this.hub.parent) {
      sends.push(
        publishDurable(this.nc, Subjects.ingest(this.hub.parent, this.hub.id), payload, { msgId, headers, expectStream: Streams.ingest }),
      );
    }
    await Promise.all(sends);
  }
}
