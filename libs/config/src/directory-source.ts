import { Keyring, loadKeyringFile } from '@cirtmesh/crypto';
import { DirectoryState, keyringOf, listingOf, type DirectoryDocument } from '@cirtmesh/federation';
import { loadMeshSpec, MeshDirectory } from '@cirtmesh/mesh';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ConfigError } from './validate-env';

/**
 * Where a party learns who is in the mesh and their public keys: a mesh file and a keyring file
 * (a mesh generated in one place), or a federation's signed directory, which the party keeps
 * current from what travels over the mesh.
 */
export type DirectorySource =
  { kind: 'mesh-file'; meshFile: string; keyringFile: string } | { kind: 'federation'; directoryFile: string; hopLimit?: number };

/** Reads and verifies a federation's directory file: every section against the authority's key. */
export function readDirectoryFile(file: string): DirectoryState {
  let document: DirectoryDocument;
  try {
    document = JSON.parse(readFileSync(file, 'utf8')) as DirectoryDocument;
  } catch (error) {
    throw new ConfigError([`CIRTMESH_DIRECTORY_FILE: cannot read ${file}: ${(error as Error).message}`]);
  }
  if (typeof document?.authority !== 'string' || !Array.isArray(document.sections)) {
    throw new ConfigError([`CIRTMESH_DIRECTORY_FILE: ${file} is not a directory (it needs authority and sections)`]);
  }
  try {
    return DirectoryState.from(document);
  } catch (error) {
    throw new ConfigError([`CIRTMESH_DIRECTORY_FILE: ${file}: ${(error as Error).message}`]);
  }
}

/** Replaces a JSON file in one step, so a reader never sees half of it. */
export function writeJsonAtomically(file: string, value: unknown): void {
  const next = `${file}.next`;
  writeFileSync(next, JSON.stringify(value, null, 2) + '\n', { mode: 0o644 });
  renameSync(next, file);
}

export function writeDirectoryFile(file: string, document: DirectoryDocument): void {
  writeJsonAtomically(file, document);
}

export interface LoadedDirectory {
  directory: MeshDirectory;
  hopLimit: number;
  /** A federation's verified directory. */
  state?: DirectoryState;
  /** Where policy files named by a mesh file are relative to. */
  baseDir?: string;
}

export function loadDirectory(source: DirectorySource): LoadedDirectory {
  if (source.kind === 'mesh-file') {
    const spec = loadMeshSpec(source.meshFile);
    return { directory: new MeshDirectory(spec), hopLimit: spec.hopLimit, baseDir: dirname(resolve(source.meshFile)) };
  }
  const state = readDirectoryFile(source.directoryFile);
  let listing;
  try {
    listing = listingOf(state, source.hopLimit);
  } catch (error) {
    throw new ConfigError([`CIRTMESH_DIRECTORY_FILE: ${(error as Error).message}`]);
  }
  return { directory: new MeshDirectory(listing), hopLimit: listing.hopLimit, state };
}

/** The file the keyring is read from, and how. */
export function keyringSource(source: DirectorySource): { file: string; load: (file: string) => Keyring } {
  if (source.kind === 'mesh-file') return { file: source.keyringFile, load: loadKeyringFile };
  return { file: source.directoryFile, load: (file) => keyringOf(readDirectoryFile(file)) };
}

/** How a message names where the directory came from. */
export function sourceName(source: DirectorySource): string {
  return source.kind === 'mesh-file' ? source.meshFile : source.directoryFile;
}
