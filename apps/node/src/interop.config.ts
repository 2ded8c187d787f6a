import { DURATION, parseDurationMs, SCOPES, TLPS, type Scope, type Tlp } from '@cirtmesh/contracts';
import { ConfigError, PartyEnv } from '@cirtmesh/config';
import { AllowList } from '@cirtmesh/mail';
import { IsIn, IsOptional, IsString, Matches } from 'class-validator';

/** The node's doors for other formats: imports, the TAXII server, spam campaigns and the abuse mailbox. */
export class InteropEnv extends PartyEnv {
  /** The TLP of an imported object that carries no marking. */
  @IsOptional()
  @IsIn(TLPS, { message: `must be one of ${TLPS.join(', ')}` })
  CIRTMESH_IMPORT_TLP: Tlp = 'GREEN';

  /** The scope of imported alerts when neither the source nor the caller (`?scope=`) says. */
  @IsOptional()
  @IsIn(SCOPES, { message: `must be one of ${SCOPES.join(', ')}` })
  CIRTMESH_IMPORT_SCOPE: Scope = 'regional';

  /** Spam and abuse reports about one source are folded into one alert over this window. */
  @IsOptional()
  @Matches(DURATION, { message: 'must be a duration such as 5m' })
  CIRTMESH_SPAM_WINDOW: string = '5m';

  /** The abuse mailbox's SMTP port; no mailbox unless set. */
  @IsOptional()
  @Matches(/^\d{1,5}$/, { message: 'must be a TCP port number' })
  CIRTMESH_SMTP_PORT?: string;

  @IsOptional()
  @IsString()
  CIRTMESH_SMTP_HOST: string = '127.0.0.1';

  /** Who may hand in reports: client address blocks and sender domains, comma-separated. */
  @IsOptional()
  @IsString()
  CIRTMESH_SMTP_ALLOW: string = '127.0.0.0/8,::1/128';

  @IsOptional()
  @Matches(/^\d{4,9}$/, { message: 'must be a number of bytes, at least 1000' })
  CIRTMESH_SMTP_MAX_BYTES: string = '1048576';

  @IsOptional()
  @Matches(/^\d{1,6}$/, { message: 'must be a whole number' })
  CIRTMESH_SMTP_RATE_PER_MINUTE: string = '120';
}

export interface InteropConfig {
  imports: { tlp: Tlp; scope: Scope };
  spamWindowMs: number;
  smtp?: { port: number; host: string; allow: string[]; maxBytes: number; perMinute: number };
}

export function interopConfig(e: InteropEnv): InteropConfig {
  const spamWindowMs = parseDurationMs(e.CIRTMESH_SPAM_WINDOW);
  if (spamWindowMs === undefined || spamWindowMs < 1_000)
    throw new ConfigError(['CIRTMESH_SPAM_WINDOW: must be a duration of at least 1s']);
  const config: InteropConfig = { imports: { tlp: e.CIRTMESH_IMPORT_TLP, scope: e.CIRTMESH_IMPORT_SCOPE }, spamWindowMs };
  if (e.CIRTMESH_SMTP_PORT === undefined) return config;
  const allow = e.CIRTMESH_SMTP_ALLOW.split(',')
    .map((a) => a.trim())
    .filter((a) => a.length > 0);
  const problems = allow.map((a) => AllowList.check(a)).filter((p): p is string => p !== undefined);
  if (problems.length > 0) throw new ConfigError(problems.map((p) => `CIRTMESH_SMTP_ALLOW: ${p}`));
  const port = Number(e.CIRTMESH_SMTP_PORT);
  if (port < 1 || port > 65535) throw new ConfigError(['CIRTMESH_SMTP_PORT: must be between 1 and 65535']);
  config.smtp = {
    port,
    host: e.CIRTMESH_SMTP_HOST,
    allow,
    maxBytes: Number(e.CIRTMESH_SMTP_MAX_BYTES),
    perMinute: Number(e.CIRTMESH_SMTP_RATE_PER_MINUTE),
  };
  return config;
}
