import type { SigningKey } from '@cirtmesh/crypto';
import { applyKeyRotation, signSection, type DirectorySection, type HeldDirectory } from '@cirtmesh/federation';
import { silentLog, type Log } from '@cirtmesh/logging';
import { PermanentMessageError, type IncomingMessage } from '@cirtmesh/messaging';
import type { ArrivedFrom, HubView } from './hub-view';
import type { SpreadDirectory } from './spread-directory';

/**
 * A member's key rotation, sent up to its regional hub and signed with the key it replaces: the
 * hub checks it against the member's entry in its own section, signs a new version of the section
 * with the new key added and the old one valid for the overlap, keeps it in its section file, and
 * spreads it like any change of its section.
 */
export class RotateMemberKey {
  constructor(
    private readonly hub: HubView,
    private readonly held: HeldDirectory,
    private readonly signingKey: SigningKey,
    private readonly saveSection: (section: DirectorySection) => void,
    private readonly spread: SpreadDirectory,
    private readonly log: Log = silentLog,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async execute(message: IncomingMessage, from: ArrivedFrom, sender: string): Promise<void> {
    if (from !== 'below' || this.hub.role !== 'regional') {
      throw new PermanentMessageError('NOT_OURS', `a key rotation from ${sender} reached hub ${this.hub.id}, which keeps no entry for it`);
    }
    const own = this.held.state.section(this.hub.id);
    const member = own?.members.find((m) => m.id === sender && !m.removed);
    if (!own || !member) throw new PermanentMessageError('NOT_A_MEMBER', `${sender} is not a member of hub ${this.hub.id}`);
    let rotation: unknown;
    try {
      rotation = JSON.parse(Buffer.from(message.data).toString('utf8'));
    } catch {
      throw new PermanentMessageError('MALFORMED', 'a key rotation that is not JSON');
    }
    const now = this.clock();
    let rotated;
    try {
      rotated = applyKeyRotation(member, rotation, now);
    } catch (error) {
      const { code = 'REFUSED', message: why } = error as { code?: string; message: string };
      // The same rotation again (a redelivery after the section was saved) is already in force.
      if (code === 'KEY_REUSED' && this.alreadyApplied(member.keys, rotation)) return;
      throw new PermanentMessageError(code, `key rotation refused: ${why}`);
    }
    const members = own.members.map((m) => (m.id === sender ? rotated : m));
    const section = signSection(own.certificate, own.version + 1, members, this.signingKey, now);
    this.saveSection(section);
    await this.spread.publishOwn(section);
    this.log.info({ member: sender, version: section.version }, 'member key rotated');
  }

  private alreadyApplied(keys: Array<{ id: string; publicKey: string }>, rotation: unknown): boolean {
    const key = (rotation as { key?: { id?: string; publicKey?: string } }).key;
    return keys.some((k) => k.id === key?.id && k.publicKey === key?.publicKey);
  }
}
