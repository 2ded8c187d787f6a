import { StixPatternSyntaxError, tokenize, type Token, type TokenKind } from './pattern-lexer';

/** A constant of a comparison (STIX 2.1 §9.2); `value` is a string's text without quotes. */
export interface PatternLiteral {
  kind: 'string' | 'int' | 'float' | 'bool' | 'timestamp' | 'hex' | 'binary';
  value: string;
}

/** `type:property.key['quoted'][0]`: the object type, then the steps, quoted ones unquoted. */
export interface ObjectPath {
  objectType: string;
  steps: Array<string | number>;
}

/** A comparison expression: one test, or two joined by AND or OR, inside `[ … ]`. */
export type ComparisonNode =
  | { kind: 'test'; path: ObjectPath; negated: boolean; operator: string; value?: PatternLiteral | PatternLiteral[] }
  | { kind: 'boolean'; operator: 'AND' | 'OR'; left: ComparisonNode; right: ComparisonNode };

/** A pattern expression: observations, joined or qualified. */
export type PatternNode =
  | { kind: 'observation'; comparison: ComparisonNode }
  | { kind: 'qualified'; qualifier: 'WITHIN' | 'REPEATS' | 'START'; expression: PatternNode }
  | { kind: 'join'; operator: 'AND' | 'OR' | 'FOLLOWEDBY'; left: PatternNode; right: PatternNode };

export type PatternParse = { ok: true; pattern: PatternNode } | { ok: false; error: string };

const SET_OPERATORS = new Set(['LIKE', 'MATCHES', 'ISSUBSET', 'ISSUPERSET']);
const ORDER_OPERATORS = new Set(['<', '>', '<=', '>=']);

/**
 * Parses a STIX 2.1 pattern (§9) into its tree: observation expressions with AND, OR and
 * FOLLOWEDBY, the WITHIN, REPEATS and START…STOP qualifiers, and comparisons with every operator
 * (NOT, IN sets, EXISTS). Keywords are read in any case, as the OASIS grammar reads them.
 */
export function parseStixPattern(pattern: string): PatternParse {
  try {
    return { ok: true, pattern: new Parser(tokenize(pattern)).parse() };
  } catch (error) {
    if (error instanceof StixPatternSyntaxError) return { ok: false, error: error.message };
    throw error;
  }
}

class Parser {
  private index = 0;

  constructor(private readonly tokens: Token[]) {}

  parse(): PatternNode {
    const pattern = this.observations();
    this.expect('end');
    return pattern;
  }

  private observations(): PatternNode {
    const join = (operator: 'FOLLOWEDBY' | 'OR' | 'AND', left: PatternNode, right: PatternNode): PatternNode => ({
      kind: 'join',
      operator,
      left,
      right,
    });
    return this.joined(['FOLLOWEDBY', 'OR', 'AND'], () => this.qualifiedObservation(), join);
  }

  /** Operands joined by left-associative keyword operators, the first operator binding loosest. */
  private joined<O extends string, T>(operators: O[], operand: () => T, join: (operator: O, left: T, right: T) => T): T {
    const [operator, ...tighter] = operators;
    const next = (): T => (tighter.length > 0 ? this.joined(tighter, operand, join) : operand());
    let node = next();
    while (this.acceptWord(operator)) node = join(operator, node, next());
    return node;
  }

  private qualifiedObservation(): PatternNode {
    let node: PatternNode;
    if (this.accept('[')) {
      node = { kind: 'observation', comparison: this.comparisons() };
      this.expect(']');
    } else {
      this.expect('(', 'an observation expression in [ ]');
      node = this.observations();
      this.expect(')');
    }
    for (let qualifier = this.qualifier(); qualifier; qualifier = this.qualifier())
      node = { kind: 'qualified', qualifier, expression: node };
    return node;
  }

  private qualifier(): 'WITHIN' | 'REPEATS' | 'START' | undefined {
    if (this.acceptWord('WITHIN')) {
      this.expectNumber(['int', 'float']);
      this.expectWord('SECONDS');
      return 'WITHIN';
    }
    if (this.acceptWord('REPEATS')) {
      this.expectNumber(['int']);
      this.expectWord('TIMES');
      return 'REPEATS';
    }
    if (this.acceptWord('START')) {
      this.expect('timestamp', "a timestamp t'…'");
      this.expectWord('STOP');
      this.expect('timestamp', "a timestamp t'…'");
      return 'START';
    }
    return undefined;
  }

  private comparisons(): ComparisonNode {
    const join = (operator: 'OR' | 'AND', left: ComparisonNode, right: ComparisonNode): ComparisonNode => ({
      kind: 'boolean',
      operator,
      left,
      right,
    });
    return this.joined(['OR', 'AND'], () => this.test(), join);
  }

  private test(): ComparisonNode {
    if (this.accept('(')) {
      const node = this.comparisons();
      this.expect(')');
      return node;
    }
    if (this.acceptWord('EXISTS')) return { kind: 'test', path: this.path(), negated: false, operator: 'EXISTS' };
    const path = this.path();
    const negated = this.acceptWord('NOT');
    const operator = this.operator();
    return { kind: 'test', path, negated, operator, value: this.operand(operator) };
  }

  private operator(): string {
    const token = this.peek();
    const word = token.text.toUpperCase();
    if (token.kind === 'operator' || (token.kind === 'word' && (word === 'IN' || SET_OPERATORS.has(word)))) {
      this.index++;
      return token.kind === 'word' ? word : token.text;
    }
    throw this.unexpected('a comparison operator');
  }

  private operand(operator: string): PatternLiteral | PatternLiteral[] {
    if (operator === 'IN') {
      this.expect('(', 'a set of constants');
      const set: PatternLiteral[] = [];
      if (!this.accept(')')) {
        do set.push(this.literal());
        while (this.accept(','));
        this.expect(')');
      }
      return set;
    }
    const literal = this.literal();
    if (SET_OPERATORS.has(operator) && literal.kind !== 'string') throw this.unexpected(`a string after ${operator}`, -1);
    if (ORDER_OPERATORS.has(operator) && literal.kind === 'bool') throw this.unexpected(`an orderable constant after ${operator}`, -1);
    return literal;
  }

  private literal(): PatternLiteral {
    const token = this.peek();
    const word = token.text.toLowerCase();
    if (token.kind === 'word' && (word === 'true' || word === 'false')) {
      this.index++;
      return { kind: 'bool', value: word };
    }
    if (['string', 'int', 'float', 'timestamp', 'hex', 'binary'].includes(token.kind)) {
      this.index++;
      return { kind: token.kind as PatternLiteral['kind'], value: token.text };
    }
    throw this.unexpected('a constant');
  }

  private path(): ObjectPath {
    const objectType = this.expect('word', 'an object type').text;
    this.expect(':');
    const steps: ObjectPath['steps'] = [this.propertyName()];
    for (;;) {
      if (this.accept('.')) steps.push(this.propertyName());
      else if (this.peek().kind === '[') steps.push(this.listIndex());
      else return { objectType, steps };
    }
  }

  private listIndex(): number | string {
    this.expect('[');
    const token = this.peek();
    if (token.kind !== 'int' && token.kind !== '*') throw this.unexpected('a list index or *');
    this.index++;
    this.expect(']');
    return token.kind === '*' ? '*' : Number(token.text);
  }

  private propertyName(): string {
    const token = this.peek();
    if (token.kind === 'string') {
      this.index++;
      return token.text;
    }
    if (token.kind === 'word' && token.text.includes('-')) {
      throw new StixPatternSyntaxError(`property name ${token.text} at ${token.at} has a "-" and must be quoted: '${token.text}'`);
    }
    return this.expect('word', 'a property name').text;
  }

  private expectNumber(kinds: TokenKind[]): void {
    const token = this.peek();
    if (!kinds.includes(token.kind)) throw this.unexpected(kinds.includes('float') ? 'a number' : 'an integer');
    this.index++;
  }

  private peek(ahead = 0): Token {
    return this.tokens[Math.min(this.index + ahead, this.tokens.length - 1)];
  }

  private accept(kind: TokenKind): boolean {
    if (this.peek().kind !== kind) return false;
    this.index++;
    return true;
  }

  private acceptWord(word: string): boolean {
    const token = this.peek();
    if (token.kind !== 'word' || token.text.toUpperCase() !== word) return false;
    this.index++;
    return true;
  }

  private expectWord(word: string): void {
    if (!this.acceptWord(word)) throw this.unexpected(word);
  }

  private expect(kind: TokenKind, what: string = kind === 'end' ? 'the end of the pattern' : `"${kind}"`): Token {
    const token = this.peek();
    if (token.kind !== kind) throw this.unexpected(what);
    this.index++;
    return token;
  }

  private unexpected(expected: string, back = 0): StixPatternSyntaxError {
    const token = this.peek(back);
    const found = token.kind === 'end' ? 'the end' : `${JSON.stringify(token.text)}`;
    return new StixPatternSyntaxError(`expected ${expected} at ${token.at}, found ${found}`);
  }
}
