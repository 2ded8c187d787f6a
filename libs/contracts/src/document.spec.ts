import { Type } from 'class-transformer';
import { IsArray, IsInt, IsString, Min, ValidateNested } from 'class-validator';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DocumentError, parseDocument, type DocumentKind } from './document';

class PortSpec {
  @IsInt()
  @Min(1)
  port!: number;
}

class ServiceSpec {
  @IsString()
  name!: string;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => PortSpec)
  ports!: PortSpec[];
}

class ServiceFileError extends DocumentError {
  static override readonly heading = 'invalid service file';
}

class OneLineError extends DocumentError {}

const SERVICE = { schema: ServiceSpec, error: ServiceFileError };

/** The error `parse` throws; fails the test when it throws none. */
function thrown(parse: () => unknown): DocumentError {
  try {
    parse();
  } catch (error) {
    if (error instanceof DocumentError) return error;
    throw error;
  }
  throw new Error('expected a DocumentError');
}

describe(parseDocument.name, () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cirtmesh-document-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a YAML file, text or a parsed document into an instance of the schema', () => {
    const file = join(dir, 'service.yaml');
    writeFileSync(file, 'name: api\nports:\n  - port: 443\n');
    for (const input of [
      { file },
      { text: 'name: api\nports: [{ port: 443 }]', source: 's' },
      { document: { name: 'api', ports: [{ port: 443 }] }, source: 's' },
    ]) {
      const spec = parseDocument(input, SERVICE);
      expect(spec).toBeInstanceOf(ServiceSpec);
      expect(spec.ports[0]).toBeInstanceOf(PortSpec);
      expect(spec).toEqual({ name: 'api', ports: [{ port: 443 }] });
    }
  });

  it('names a file it cannot read, and YAML it cannot parse by its first line', () => {
    const missing = join(dir, 'absent.yaml');
    const unread = thrown(() => parseDocument({ file: missing }, SERVICE));
    expect(unread).toBeInstanceOf(ServiceFileError);
    expect(unread).toMatchObject({
      name: 'ServiceFileError',
      source: missing,
      problems: [expect.stringMatching(/^cannot read the file: ENOENT/)],
    });
    const broken = thrown(() => parseDocument({ text: 'name: [api', source: 'broken.yaml' }, SERVICE));
    expect(broken.problems).toEqual([expect.stringMatching(/^not valid YAML: .* at line 1, column \d+:$/)]);
  });

  it('wants a mapping, and reads an empty document as an empty one', () => {
    for (const text of ['- a\n- b\n', 'just text']) {
      expect(thrown(() => parseDocument({ text, source: 's' }, SERVICE)).problems).toEqual(['the document must be a mapping']);
    }
    expect(thrown(() => parseDocument({ text: '# nothing yet\n', source: 's' }, SERVICE)).problems).toEqual([
      'name: name must be a string',
      'ports: ports must be an array',
    ]);
  });

  it('lists every problem by its path, unknown fields included', () => {
    const error = thrown(() =>
      parseDocument({ document: { name: 7, ports: [{ port: 443 }, { port: 0, tls: true }], extra: 1 }, source: 'svc.yaml' }, SERVICE),
    );
    expect([...error.problems].sort()).toEqual([
      'extra: property extra should not exist',
      'name: name must be a string',
      'ports.1.port: port must not be less than 1',
      'ports.1.tls: property tls should not exist',
    ]);
    expect(error.message).toBe(`svc.yaml: invalid service file:\n  - ${error.problems.join('\n  - ')}`);
  });

  it('makes one line of the problems when the error has no heading', () => {
    const error = thrown(() =>
      parseDocument({ document: { name: 'api' }, source: 'svc.yaml' }, { schema: ServiceSpec, error: OneLineError }),
    );
    expect(error).toBeInstanceOf(OneLineError);
    expect(error.message).toBe('svc.yaml: ports: ports must be an array');
  });

  it("compiles the document, adding compile's problems to the schema's in one error", () => {
    const kind: DocumentKind<ServiceSpec, string> = {
      ...SERVICE,
      compile: (spec, problems, { source }) => {
        if (spec.name === 'reserved') problems.push('name: reserved is taken');
        return `${source}: ${spec.name} on ${spec.ports.map((p) => p.port).join(', ')}`;
      },
    };
    expect(parseDocument({ document: { name: 'api', ports: [{ port: 443 }] }, source: 's' }, kind)).toBe('s: api on 443');
    expect(thrown(() => parseDocument({ document: { name: 'reserved', ports: [{ port: 0 }] }, source: 's' }, kind)).problems).toEqual([
      'ports.0.port: port must not be less than 1',
      'name: reserved is taken',
    ]);
  });
});
