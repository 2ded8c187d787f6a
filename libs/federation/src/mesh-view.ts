import { Keyring } from '@cirtmesh/crypto';
import type { DirectoryListing } from '@cirtmesh/mesh';
import type { DirectoryState } from './directory';

/** Hops an alert may cross when nothing else says. */
export const DEFAULT_HOP_LIMIT = 4;

/**
 * The mesh as a federation's directory lists it: the global hub, every region the global hub or a
 * regional section names, and each region's nodes that have not been removed. A removed member is
 * no longer a party of the mesh, so its alerts are refused as from an unknown origin.
 */
export function listingOf(state: DirectoryState, hopLimit = DEFAULT_HOP_LIMIT): DirectoryListing {
  const sections = state.document().sections;
  const globalSection = sections.find((s) => s.certificate.hub.role === 'global');
  const regional = sections.filter((s) => s.certificate.hub.role === 'regional');
  const globalId = globalSection?.owner ?? regional.find((s) => s.certificate.hub.parent)?.certificate.hub.parent;
  if (!globalId) throw new Error('the directory names no global hub yet');
  const regionIds = new Set<string>([
    ...(globalSection?.members.filter((m) => m.kind === 'hub' && !m.removed).map((m) => m.id) ?? []),
    ...regional.map((s) => s.owner),
  ]);
  const regions = [...regionIds].sort().map((id) => {
    const section = regional.find((s) => s.owner === id);
    const name = section?.certificate.hub.name ?? globalSection?.members.find((m) => m.id === id)?.name;
    const nodes = (section?.members ?? [])
      .filter((m) => m.kind === 'node' && !m.removed)
      .map((m) => ({ id: m.id, country: m.country ?? 'ZZ', ...(m.name ? { name: m.name } : {}) }));
    return { id, ...(name ? { name } : {}), nodes };
  });
  return { hopLimit, global: { id: globalId }, regions };
}

/** Every party's public signing keys as the directory lists them. */
export function keyringOf(state: DirectoryState): Keyring {
  return new Keyring(state.keyring());
}
