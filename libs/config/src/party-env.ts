import { DURATION, parseDurationMs } from '@cirtmesh/contracts';
import { signingKeyFromPem, type SigningKey } from '@cirtmesh/crypto';
import { hashToken, parseTokensFile, TokensFileError, type TokenEntry } from '@cirtmesh/http';
import { IsIn, IsNotEmpty, IsOptional, IsString, Matches, MinLength } from 'class-validator';
import { LOG_LEVELS, type LogLevel } from '@cirtmesh/logging';
import { readFileSync } from 'node:fs';
import type { TracingConfig } from '@cirtmesh/telemetry';
import type { DirectorySource } from './directory-source';
import { OtelEnv, tracingConfig } from './otel-env';
import { ConfigError } from './validate-env';

/** What every party's app needs: who is in the mesh, its own nats-server, and its HTTP listener. */
export class PartyEnv extends OtelEnv {
  /** The mesh file, with CIRTMESH_KEYRING_FILE: a mesh generated in one place. */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  CIRTMESH_MESH_FILE?: string;

  /** A federation's signed directory (instead of the mesh and keyring files), kept current over the mesh. */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  CIRTMESH_DIRECTORY_FILE?: string;

  /** With CIRTMESH_DIRECTORY_FILE: most hubs an alert may cross. */
  @IsOptional()
  @Matches(/^([1-9]|1[0-6])$/, { message: 'must be a number of hubs from 1 to 16' })
  CIRTMESH_HOP_LIMIT?: string;

  @Matches(/^nats:\/\/[^\s/]+:\d{1,5}$/, { message: 'must be a URL such as nats://127.0.0.1:4222' })
  CIRTMESH_NATS_URL!: string;

  /** Creds file (user JWT and nkey seed) of the party's `app` user on its own nats-server. */
  @IsString()
  @IsNotEmpty()
  CIRTMESH_NATS_CREDS!: string;

  @Matches(/^\d{1,5}$/, { message: 'must be a TCP port number' })
  CIRTMESH_HTTP_PORT!: string;

  @IsOptional()
  @IsString()
  CIRTMESH_HTTP_HOST: string = '127.0.0.1';

  /** Bearer token for the app's HTTP API, with every role (admin). */
  @IsString()
  @MinLength(16, { message: 'must be at least 16 characters' })
  CIRTMESH_API_TOKEN!: string;

  /** More tokens, stored hashed, each with its roles (submit, read, admin). */
  @IsOptional()
  @IsString()
  CIRTMESH_API_TOKENS_FILE?: string;

  @IsOptional()
  @Matches(/^\d{1,7}$/, { message: 'must be a number of requests' })
  CIRTMESH_HTTP_RATE_PER_MINUTE: string = '3000';

  /** Serve the API over TLS with this certificate and key (PEM files). */
  @IsOptional()
  @IsString()
  CIRTMESH_HTTP_TLS_CERT?: string;

  @IsOptional()
  @IsString()
  CIRTMESH_HTTP_TLS_KEY?: string;

  /** This party's Ed25519 private key (PEM, PKCS#8): nodes sign alerts, hubs sign attestations. */
  @IsString()
  @IsNotEmpty()
  CIRTMESH_SIGNING_KEY_FILE!: string;

  /** The id the keyring lists that key under. */
  @IsString()
  @IsNotEmpty()
  CIRTMESH_SIGNING_KEY_ID!: string;

  /** Every party's public keys, with CIRTMESH_MESH_FILE; reloaded when it changes. */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  CIRTMESH_KEYRING_FILE?: string;

  /** Alerts created longer ago than this are refused (s, m, h or d). */
  @IsOptional()
  @Matches(DURATION, { message: 'must be a duration such as 7d or 12h' })
  CIRTMESH_MAX_ALERT_AGE: string = '7d';

  /** The least important log lines written: per-message lines are `debug`, refusals and failures `info` and above. */
  @IsOptional()
  @IsIn(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` })
  CIRTMESH_LOG_LEVEL: LogLevel = 'info';

  /** Set (to anything): no colours in the log lines written to a terminal. */
  @IsOptional()
  @IsString()
  NO_COLOR?: string;
}

export interface PartyConfig {
  nats: { url: string; creds: Uint8Array };
  http: { host: string; port: number; requestsPerMinute: number; tls?: { cert: Buffer; key: Buffer } };
  /** Every token the API accepts, hashed, with its roles. */
  tokens: TokenEntry[];
  signing: { key: SigningKey; maxAlertAgeMs: number };
  /** Who is in the mesh, and where their public keys are read from. */
  source: DirectorySource;
  /** Structured JSON lines, or readable ones on a terminal. */
  log: { level: LogLevel; pretty: boolean; colour: boolean };
  /** Spans exported over OTLP/HTTP, from the standard `OTEL_*` variables; none when no endpoint is set. */
  tracing?: TracingConfig;
}

function readConfigFile(variable: string, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new ConfigError([`${variable}: cannot read ${path}: ${(error as Error).message}`]);
  }
}

/** `service`: the OpenTelemetry service name unless OTEL_SERVICE_NAME gives one. */
export function partyConfig(env: PartyEnv, service = 'cirtmesh'): PartyConfig {
  const port = Number(env.CIRTMESH_HTTP_PORT);
  if (port < 1 || port > 65535) throw new ConfigError(['CIRTMESH_HTTP_PORT: must be between 1 and 65535']);
  if (!env.CIRTMESH_HTTP_TLS_CERT !== !env.CIRTMESH_HTTP_TLS_KEY) {
    throw new ConfigError(['CIRTMESH_HTTP_TLS_CERT and CIRTMESH_HTTP_TLS_KEY: give both, or neither']);
  }
  const tls =
    env.CIRTMESH_HTTP_TLS_CERT && env.CIRTMESH_HTTP_TLS_KEY
      ? {
          cert: readConfigFile('CIRTMESH_HTTP_TLS_CERT', env.CIRTMESH_HTTP_TLS_CERT),
          key: readConfigFile('CIRTMESH_HTTP_TLS_KEY', env.CIRTMESH_HTTP_TLS_KEY),
        }
      : undefined;
  const tokens: TokenEntry[] = [{ name: 'admin', sha256: hashToken(env.CIRTMESH_API_TOKEN), roles: ['admin'] }];
  if (env.CIRTMESH_API_TOKENS_FILE) {
    const text = readConfigFile('CIRTMESH_API_TOKENS_FILE', env.CIRTMESH_API_TOKENS_FILE).toString('utf8');
    try {
      tokens.push(...parseTokensFile(text, env.CIRTMESH_API_TOKENS_FILE));
    } catch (error) {
      if (error instanceof TokensFileError) throw new ConfigError([`CIRTMESH_API_TOKENS_FILE: ${error.message}`]);
      throw error;
    }
  }
  let key: SigningKey;
  try {
    key = signingKeyFromPem(
      env.CIRTMESH_SIGNING_KEY_ID,
      readConfigFile('CIRTMESH_SIGNING_KEY_FILE', env.CIRTMESH_SIGNING_KEY_FILE).toString('utf8'),
    );
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError([`CIRTMESH_SIGNING_KEY_FILE: ${(error as Error).message}`]);
  }
  const creds = readConfigFile('CIRTMESH_NATS_CREDS', env.CIRTMESH_NATS_CREDS);
  if (!/-----BEGIN NATS USER JWT-----/.test(creds.toString('utf8')) || !/-----BEGIN USER NKEY SEED-----/.test(creds.toString('utf8'))) {
    throw new ConfigError(['CIRTMESH_NATS_CREDS: not a NATS creds file (it needs a user JWT and an nkey seed)']);
  }
  const maxAlertAgeMs = parseDurationMs(env.CIRTMESH_MAX_ALERT_AGE);
  if (maxAlertAgeMs === undefined) throw new ConfigError(['CIRTMESH_MAX_ALERT_AGE: must be a duration such as 7d or 12h']);
  const requestsPerMinute = Number(env.CIRTMESH_HTTP_RATE_PER_MINUTE);
  if (requestsPerMinute < 1) throw new ConfigError(['CIRTMESH_HTTP_RATE_PER_MINUTE: must be at least 1']);
  return {
    nats: { url: env.CIRTMESH_NATS_URL, creds },
    http: { host: env.CIRTMESH_HTTP_HOST, port, requestsPerMinute, tls },
    tokens,
    signing: { key, maxAlertAgeMs },
    source: directorySource(env),
    log: logConfig(env),
    tracing: tracingConfig(env, service),
  };
}

/** A mesh file with its keyring, or a federation's directory: one or the other. */
function directorySource(env: PartyEnv): DirectorySource {
  if (env.CIRTMESH_DIRECTORY_FILE) {
    if (env.CIRTMESH_MESH_FILE || env.CIRTMESH_KEYRING_FILE) {
      throw new ConfigError(['CIRTMESH_DIRECTORY_FILE: give it alone, or CIRTMESH_MESH_FILE with CIRTMESH_KEYRING_FILE, not both']);
    }
    const hopLimit = env.CIRTMESH_HOP_LIMIT ? Number(env.CIRTMESH_HOP_LIMIT) : undefined;
    return { kind: 'federation', directoryFile: env.CIRTMESH_DIRECTORY_FILE, ...(hopLimit ? { hopLimit } : {}) };
  }
  const missing = (['CIRTMESH_MESH_FILE', 'CIRTMESH_KEYRING_FILE'] as const).filter((name) => !env[name]);
  if (missing.length > 0) {
    throw new ConfigError(missing.map((name) => `${name}: required (or CIRTMESH_DIRECTORY_FILE, a federation's signed directory)`));
  }
  return { kind: 'mesh-file', meshFile: env.CIRTMESH_MESH_FILE!, keyringFile: env.CIRTMESH_KEYRING_FILE! };
}

/** JSON lines, unless the output is a terminal that a person reads. */
function logConfig(env: PartyEnv): PartyConfig['log'] {
  const terminal = process.stdout.isTTY === true;
  return { level: env.CIRTMESH_LOG_LEVEL, pretty: terminal, colour: terminal && env.NO_COLOR === undefined };
}
