import type { MeshDirectory } from '@cirtmesh/mesh';
import type { Applied, DirectoryState } from './directory';
import type { DirectoryDocument } from './documents';
import { listingOf } from './mesh-view';

/**
 * The directory a running party holds: the verified sections, and the mesh directory its use cases
 * read, kept in step. A section that applies is handed to `persist` (the party keeps it across
 * restarts, and reloads its keyring from it) before it is in force.
 */
export class HeldDirectory {
  constructor(
    readonly state: DirectoryState,
    readonly directory: MeshDirectory,
    private readonly persist: (document: DirectoryDocument) => void,
    private readonly hopLimit?: number,
  ) {}

  /** Verifies and applies a section; throws a FederationError (permanent) when it is refused. */
  apply(section: unknown): Applied {
    const applied = this.state.apply(section);
    if (applied.outcome === 'applied') {
      this.persist(this.state.document());
      this.directory.replace(listingOf(this.state, this.hopLimit));
    }
    return applied;
  }
}
