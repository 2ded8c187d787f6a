import { DomainError } from '@cirtmesh/contracts';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export class OpensslMissingError extends DomainError {
  constructor() {
    const install = 'Install it (Debian or Ubuntu: "sudo apt-get install openssl").';
    super('OPENSSL_MISSING', `openssl was not found: it makes the mesh CA and certificates. ${install}`);
  }
}

export interface PartyTls {
  ca: string;
  cert: string;
  key: string;
}

export const caPath = (dir: string): string => join(dir, 'tls', 'ca.pem');

/** Paths of a party's certificate (CN = party id), issued by the mesh CA. */
export function partyTls(dir: string, party: string): PartyTls {
  return { ca: caPath(dir), cert: join(dir, 'tls', `${party}.pem`), key: join(dir, 'tls', `${party}.key`) };
}

/** Runs openssl in `cwd`; a missing openssl is an OpensslMissingError, a failure says what openssl said. */
export function openssl(args: string[], cwd: string): string {
  try {
    return execFileSync('openssl', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] }).toString();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new OpensslMissingError();
    throw new Error(`openssl ${args[0]} failed: ${String((error as { stderr?: Buffer }).stderr ?? error)}`);
  }
}

/**
 * A throwaway mesh CA and one certificate per party (server and client use, SAN 127.0.0.1 and
 * localhost), for mutual TLS on every leaf link. Made once; kept across runs.
 */
export function ensureMeshTls(dir: string, parties: string[], days = 365): void {
  const tlsDir = join(dir, 'tls');
  mkdirSync(tlsDir, { recursive: true, mode: 0o700 });
  if (!existsSync(caPath(dir))) {
    openssl(
      [
        'req',
        '-x509',
        '-newkey',
        'ed25519',
        '-nodes',
        '-keyout',
        'ca.key',
        '-out',
        'ca.pem',
        '-days',
        String(days),
        '-subj',
        '/CN=cirtmesh mesh CA',
      ],
      tlsDir,
    );
  }
  for (const party of parties) {
    const { cert } = partyTls(dir, party);
    if (existsSync(cert)) continue;
    writeFileSync(join(tlsDir, `${party}.ext`), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\n');
    openssl(['req', '-newkey', 'ed25519', '-nodes', '-keyout', `${party}.key`, '-out', `${party}.csr`, '-subj', `/CN=${party}`], tlsDir);
    openssl(
      [
        'x509',
        '-req',
        '-in',
        `${party}.csr`,
        '-CA',
        'ca.pem',
        '-CAkey',
        'ca.key',
        '-CAcreateserial',
        '-out',
        `${party}.pem`,
        '-days',
        String(days),
        '-extfile',
        `${party}.ext`,
      ],
      tlsDir,
    );
  }
}
