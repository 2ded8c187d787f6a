import { DomainError } from '@cirtmesh/contracts';

/** A pattern that is not valid STIX patterning syntax; `message` says where and why. */
export class StixPatternSyntaxError extends DomainError {
  constructor(message: string) {
    super('STIX_PATTERN_SYNTAX', message, { permanent: true });
  }
}

export type TokenKind =
  'word' | 'string' | 'int' | 'float' | 'timestamp' | 'hex' | 'binary' | 'operator' | '[' | ']' | '(' | ')' | ':' | '.' | ',' | '*' | 'end';

export interface Token {
  kind: TokenKind;
  /** The literal's value (a string without its quotes and escapes), else the token's text. */
  text: string;
  at: number;
}

const PUNCTUATION = new Set(['[', ']', '(', ')', ':', '.', ',', '*']);
const OPERATORS = ['!=', '<=', '>=', '=', '<', '>'];
const WORD = /[A-Za-z_][A-Za-z0-9_-]*/y;
const NUMBER = /[+-]?(?:\d+(?:\.\d+)?|\.\d+)/y;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$/;
const HEX = /^(?:[0-9a-fA-F]{2})*$/;
const BASE64 = /^[A-Za-z0-9+/=\s]*$/;
const TYPED_LITERALS: Record<string, { kind: TokenKind; valid: RegExp; name: string }> = {
  t: { kind: 'timestamp', valid: TIMESTAMP, name: 'timestamp' },
  h: { kind: 'hex', valid: HEX, name: 'hex' },
  b: { kind: 'binary', valid: BASE64, name: 'binary' },
};

/**
 * The tokens of a STIX pattern (STIX 2.1 §9). Strings are single-quoted, with `\'` and `\\` as
 * their only escapes; keywords come out as words, which the parser reads in context.
 */
export function tokenize(pattern: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < pattern.length) {
    const char = pattern[at];
    if (/\s/.test(char)) {
      at++;
      continue;
    }
    const token = readToken(pattern, at);
    tokens.push(token.token);
    at = token.next;
  }
  tokens.push({ kind: 'end', text: 'the end', at });
  return tokens;
}

function readToken(pattern: string, at: number): { token: Token; next: number } {
  const char = pattern[at];
  if (char === "'") return readString(pattern, at, 'string');
  const typed = TYPED_LITERALS[char];
  if (typed && pattern[at + 1] === "'") {
    const literal = readString(pattern, at + 1, typed.kind);
    if (!typed.valid.test(literal.token.text)) throw new StixPatternSyntaxError(`invalid ${typed.name} literal at ${at}`);
    return { token: { ...literal.token, at }, next: literal.next };
  }
  if (PUNCTUATION.has(char)) return { token: { kind: char as TokenKind, text: char, at }, next: at + 1 };
  const operator = OPERATORS.find((op) => pattern.startsWith(op, at));
  if (operator) return { token: { kind: 'operator', text: operator, at }, next: at + operator.length };
  const number = match(NUMBER, pattern, at);
  if (number) return { token: { kind: number.includes('.') ? 'float' : 'int', text: number, at }, next: at + number.length };
  const word = match(WORD, pattern, at);
  if (word) return { token: { kind: 'word', text: word, at }, next: at + word.length };
  throw new StixPatternSyntaxError(`unexpected ${JSON.stringify(char)} at ${at}`);
}

function match(regex: RegExp, text: string, at: number): string | undefined {
  regex.lastIndex = at;
  return regex.exec(text)?.[0];
}

function readString(pattern: string, start: number, kind: TokenKind): { token: Token; next: number } {
  let value = '';
  for (let at = start + 1; at < pattern.length; at++) {
    const char = pattern[at];
    if (char === "'") return { token: { kind, text: value, at: start }, next: at + 1 };
    if (char === '\\') {
      const escaped = pattern[at + 1];
      if (escaped !== "'" && escaped !== '\\')
        throw new StixPatternSyntaxError(`invalid escape in the string at ${start}: only \\' and \\\\`);
      value += escaped;
      at++;
    } else value += char;
  }
  throw new StixPatternSyntaxError(`unterminated string at ${start}`);
}
