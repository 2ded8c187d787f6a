/** Deepest JSON nesting an API body may have; alerts need 3. */
export const MAX_JSON_DEPTH = 16;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

class BodyRejected extends Error {
  readonly status = 400;
  readonly expose = true;
  readonly type = 'entity.verify.failed';
}

/** Nesting depth of raw JSON, found without recursion (strings and escapes skipped). */
export function jsonDepth(raw: Buffer): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < raw.length; i += 1) {
    const c = raw[i];
    if (inString) {
      if (c === 0x5c) i += 1;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) max = Math.max(max, ++depth);
    else if (c === 0x5d || c === 0x7d) depth -= 1;
  }
  return max;
}

/**
 * Options for the JSON body parser of every app: a size limit, a nesting limit checked on the raw
 * bytes before parsing (deep nesting would overflow the stack of the validators), and no
 * prototype keys anywhere. Each is refused with a 400 that says why.
 */
export function jsonBodyOptions(limitBytes: number): {
  limit: number;
  verify: (req: unknown, res: unknown, raw: Buffer) => void;
  reviver: (key: string, value: unknown) => unknown;
} {
  return {
    limit: limitBytes,
    verify: (_req, _res, raw) => {
      if (jsonDepth(raw) > MAX_JSON_DEPTH) throw new BodyRejected(`request body is nested deeper than ${MAX_JSON_DEPTH} levels`);
    },
    reviver: (key, value) => {
      if (FORBIDDEN_KEYS.has(key)) throw new BodyRejected(`request body has a forbidden key "${key}"`);
      return value;
    },
  };
}
