import { writeDirectoryFile, writeJsonAtomically } from '@cirtmesh/config';
import { KeyringHolder, WatchedFile } from '@cirtmesh/crypto';
import { FederationError, HeldDirectory, type DirectorySection } from '@cirtmesh/federation';
import { backoffMs } from '@cirtmesh/retry';
import { PolicyHolder, RotateMemberKey, SpreadDirectory, type HubView } from '@cirtmesh/hub-core';
import { LOG, type Log } from '@cirtmesh/logging';
import type { Provider } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import { readFileSync } from 'node:fs';
import type { HubConfig } from './config';
import { HUB_VIEW, NATS_CONNECTION } from './tokens';

/** In a federation: the directory the hub holds and spreads, and members' key rotations. Absent for a mesh made from one mesh file. */
export function federationProviders(config: HubConfig): Provider[] {
  const state = config.federation;
  const source = config.source;
  if (!state || source.kind !== 'federation') return [];
  const sectionFile = config.sectionFile;
  return [
    {
      provide: HeldDirectory,
      inject: [KeyringHolder],
      useFactory: (keyring: KeyringHolder) =>
        new HeldDirectory(
          state,
          config.directory,
          (document) => {
            writeDirectoryFile(source.directoryFile, document);
            keyring.reload();
          },
          source.hopLimit,
        ),
    },
    {
      provide: SpreadDirectory,
      inject: [NATS_CONNECTION, HUB_VIEW, HeldDirectory, PolicyHolder, LOG],
      useFactory: (nc: NatsConnection, hub: HubView, held: HeldDirectory, policies: PolicyHolder, log: Log) =>
        new SpreadDirectory(nc, hub, held, policies, log),
    },
    {
      provide: RotateMemberKey,
      inject: [HUB_VIEW, HeldDirectory, SpreadDirectory, LOG],
      useFactory: (hub: HubView, held: HeldDirectory, spread: SpreadDirectory, log: Log) => {
        const save = (section: DirectorySection): void => {
          if (!sectionFile) throw new Error('this hub has no section file (CIRTMESH_SECTION_FILE) to keep a key rotation in');
          writeJsonAtomically(sectionFile, section);
        };
        return new RotateMemberKey(hub, held, config.signing.key, save, spread, log);
      },
    },
  ];
}

/**
 * The hub's own section file, as `cirtmesh admit` and `cirtmesh remove` write it: published at
 * start and each time it changes. A file that cannot be read or is refused changes nothing.
 */
export class OwnSection {
  private watched?: WatchedFile<unknown>;
  private retry?: NodeJS.Timeout;

  constructor(
    private readonly file: string,
    private readonly spread: SpreadDirectory,
    private readonly log: Log,
  ) {}

  async start(): Promise<void> {
    this.watched = new WatchedFile<unknown>(
      this.file,
      (path) => JSON.parse(readFileSync(path, 'utf8')) as unknown,
      (reload) => {
        if (!reload.ok) this.log.error({ file: this.file, error: reload.error }, 'section file unreadable; the directory in force stays');
        else void this.publish(reload.value);
      },
    );
    await this.publish(this.watched.current);
    this.watched.watch();
  }

  stop(): void {
    clearTimeout(this.retry);
    this.watched?.close();
  }

  /**
   * Applies and spreads the section. A section that is refused waits for the next change of the
   * file; one that could not be sent (the link to the hub above is down, say) is sent again, with
   * growing waits, until it goes or the file changes.
   */
  private async publish(section: unknown, attempt = 1): Promise<void> {
    try {
      const applied = await this.spread.publishOwn(section);
      this.log.info({ version: applied.section.version, outcome: applied.outcome }, 'own directory section published');
    } catch (error) {
      if (error instanceof FederationError) {
        this.log.error({ file: this.file, error: error.message }, 'own directory section refused');
        return;
      }
      const delayMs = backoffMs(attempt, { baseMs: 500, capMs: 30_000 });
      this.log.warn({ file: this.file, error: (error as Error).message, retryInMs: delayMs }, 'own directory section not sent yet');
      clearTimeout(this.retry);
      this.retry = setTimeout(() => {
        if (this.watched?.current === section) void this.publish(section, attempt + 1);
      }, delayMs);
    }
  }
}
