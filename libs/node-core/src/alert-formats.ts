import type { AlertArchive } from '@cirtmesh/archive';
import type { AlertFilter, StoredAlert } from '@cirtmesh/contracts';
import {
  mispEventFor,
  mispHashesCsvLines,
  mispManifestEntry,
  stixBundle,
  stixObjectsFor,
  type MispEventDocument,
  type MispManifestEntry,
  type StixBundle,
  type StixObjects,
} from '@cirtmesh/interop';
import type { MeshDirectory } from '@cirtmesh/mesh';

const PAGE = 1_000;

/**
 * The node's alerts in other formats: STIX 2.1 objects and bundles, MISP events, and a MISP feed
 * (manifest, events, hashes) of what a filter lets through. Origins are named as the mesh file names them.
 */
export class AlertFormats {
  /** MISP event uuid → alert id, for the feed's event files; filled as the manifest is read. */
  private readonly events = new Map<string, string>();
  /** How many alerts the archive held when it was last read in full: -1 before that. */
  private countAtScan = -1;

  constructor(
    private readonly archive: AlertArchive,
    private readonly directory: MeshDirectory,
  ) {}

  private origin(id: string): { id: string; name?: string } {
    return { id, name: this.directory.node(id)?.name };
  }

  stixObjects(record: StoredAlert): StixObjects {
    return stixObjectsFor(record.alert, this.origin(record.alert.origin));
  }

  stixBundle(record: StoredAlert): StixBundle {
    return stixBundle([{ alert: record.alert, origin: this.origin(record.alert.origin) }]);
  }

  mispEvent(record: StoredAlert): MispEventDocument {
    return mispEventFor(record, this.origin(record.alert.origin));
  }

  /** `manifest.json`: every event the filter lets through. */
  async mispManifest(filter: AlertFilter): Promise<Record<string, MispManifestEntry>> {
    const manifest: Record<string, MispManifestEntry> = {};
    await this.each(filter, (_record, event) => {
      manifest[event.Event.uuid] = mispManifestEntry(event);
    });
    return manifest;
  }

  /** `hashes.csv`: a line per attribute value of every event the filter lets through. */
  async mispHashes(filter: AlertFilter): Promise<string> {
    const lines: string[] = [];
    await this.each(filter, (_record, event) => lines.push(...mispHashesCsvLines(event)));
    return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
  }

  /**
   * The alert behind a feed event's uuid, if the node holds it (whoever may see it: the caller
   * checks). An unknown uuid reads the archive again only when it has changed since it was last read.
   */
  async recordOfEvent(uuid: string): Promise<StoredAlert | undefined> {
    if (!this.events.has(uuid)) {
      const held = await this.archive.count();
      if (held !== this.countAtScan) {
        this.countAtScan = held;
        await this.each({}, () => undefined);
      }
    }
    const id = this.events.get(uuid);
    return id === undefined ? undefined : this.archive.get(id);
  }

  private async each(filter: AlertFilter, visit: (record: StoredAlert, event: MispEventDocument) => void): Promise<void> {
    for (let after = 0; ;) {
      const page = await this.archive.after(after, filter, PAGE);
      for (const record of page) {
        const event = this.mispEvent(record);
        this.events.set(event.Event.uuid, record.alert.id);
        visit(record, event);
        after = record.seq;
      }
      if (page.length < PAGE) return;
    }
  }
}
