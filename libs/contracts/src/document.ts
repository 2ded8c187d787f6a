import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { DomainError } from './errors';
import { checkSchema } from './mappers';

/**
 * Every problem of one document (a YAML file the operators write, or its parsed form), each named
 * by its path. Each kind of document has its own subclass, which sets `heading` to list the
 * problems one a line under it; without a heading they make one line.
 */
export class DocumentError extends DomainError {
  static readonly heading: string | undefined = undefined;
  /** Each kind of document has its own stable code. */
  static readonly code: string = 'DOCUMENT_INVALID';

  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    const { heading, code } = new.target;
    super(code, heading ? `${source}: ${heading}:\n  - ${problems.join('\n  - ')}` : `${source}: ${problems.join('; ')}`);
  }
}

/** A document: a YAML file to read, YAML text, or a document already parsed. */
export type DocumentInput = { file: string } | { text: string; source: string } | { document: unknown; source: string };

/** The name a document's problems are given: its file, or the source given with it. */
export function documentSource(input: DocumentInput): string {
  return 'file' in input ? input.file : input.source;
}

/** What a document must be: its class-validator schema (unknown fields are problems), and the error that names it. */
export interface DocumentSchema<T extends object> {
  schema: new () => T;
  error: new (source: string, problems: string[]) => DocumentError;
}

/** A document that is compiled once validated. */
export interface DocumentKind<T extends object, R> extends DocumentSchema<T> {
  /**
   * Turns the document into what its readers use, pushing onto `problems` what the schema cannot
   * check (cross-references, maps of nested schemas). It runs even when the schema found problems,
   * so that one error names them all; what needs a valid document must look at `problems` first.
   */
  compile: (spec: T, problems: string[], context: { document: object; source: string }) => R;
}

/**
 * Reads, parses and validates a document, then compiles it. Throws the kind's error, listing
 * every problem: a file that cannot be read, YAML that does not parse, a document that is not a
 * mapping, or what the schema and `compile` find. An empty document is an empty mapping.
 */
export function parseDocument<T extends object, R>(input: DocumentInput, kind: DocumentKind<T, R>): R;
export function parseDocument<T extends object>(input: DocumentInput, kind: DocumentSchema<T>): T;
export function parseDocument<T extends object, R>(input: DocumentInput, kind: DocumentSchema<T> & Partial<DocumentKind<T, R>>): T | R {
  const source = documentSource(input);
  const fail = (problems: string[]): never => {
    throw new kind.error(source, problems);
  };
  const document = 'document' in input ? (input.document ?? {}) : (parseYamlText(input, fail) ?? {});
  if (typeof document !== 'object' || document === null || Array.isArray(document)) return fail(['the document must be a mapping']);
  const problems: string[] = [];
  const spec = checkSchema(kind.schema, document, problems);
  const result = kind.compile ? kind.compile(spec, problems, { document, source }) : spec;
  if (problems.length > 0) fail(problems);
  return result;
}

function parseYamlText(input: { file: string } | { text: string }, fail: (problems: string[]) => never): unknown {
  let text: string;
  try {
    text = 'text' in input ? input.text : readFileSync(input.file, 'utf8');
  } catch (error) {
    return fail([`cannot read the file: ${(error as Error).message}`]);
  }
  try {
    return parseYaml(text);
  } catch (error) {
    return fail([`not valid YAML: ${(error as Error).message.split('\n')[0]}`]);
  }
}
