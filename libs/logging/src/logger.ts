import { pino, type DestinationStream, type Logger } from 'pino';
import pretty from 'pino-pretty';
import { currentLogContext } from './context';

/** The structured logger every library takes: pino's. `log.debug({ alertId }, 'stored')`. */
export type Log = Logger;

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface LogOptions {
  /** The party this process is: on every line. */
  party: string;
  level: LogLevel;
  /** Human-readable lines, for a terminal; JSON lines otherwise (files, collectors). */
  pretty: boolean;
  colour: boolean;
  /** Where lines go: standard output unless given. */
  destination?: DestinationStream;
}

/**
 * One JSON object per line: `level`, `time` (ISO 8601), `party`, `msg`, and the fields of the
 * unit of work being logged (see withLogContext): `alertId`, `origin`, `traceId`, `spanId`. A
 * line below the level costs a no-op call.
 */
export function createLogger(options: LogOptions): Log {
  const settings = {
    level: options.level,
    base: { party: options.party },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
    mixin: currentLogContext,
  };
  if (!options.pretty) return options.destination ? pino(settings, options.destination) : pino(settings);
  const destination = options.destination ?? process.stdout;
  return pino(settings, pretty({ sync: true, colorize: options.colour, ignore: 'pid,hostname', singleLine: true, destination }));
}

/** For code run without a process logger (tests, tools): discards everything. */
export const silentLog: Log = pino({ level: 'silent' });

/** The DI token of the party's logger in the apps. */
export const LOG = Symbol('LOG');
