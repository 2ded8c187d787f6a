import 'reflect-metadata';
import { Type } from 'class-transformer';
import { ArrayMinSize, IsArray, IsInt, IsOptional, IsString, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { DocumentError, PARTY_ID, parseDocument, type DocumentKind } from '@cirtmesh/contracts';

const ID_MESSAGE = 'must be 1-32 chars of a-z, 0-9 and "-", starting with a letter';

export class NodeSpec {
  @Matches(PARTY_ID, { message: `id ${ID_MESSAGE}` })
  id!: string;

  /** ISO 3166-1 alpha-2 country code of the CIRT. */
  @Matches(/^[A-Z]{2}$/, { message: 'country must be an ISO 3166-1 alpha-2 code such as KE' })
  country!: string;

  @IsOptional()
  @IsString()
  @Length(1, 120)
  name?: string;

  /** The node's outbound policy file, relative to the mesh file: it can only narrow. */
  @IsOptional()
  @IsString()
  policy?: string;
}

export class RegionSpec {
  @Matches(PARTY_ID, { message: `id ${ID_MESSAGE}` })
  id!: string;

  @IsOptional()
  @IsString()
  @Length(1, 120)
  name?: string;

  /** The regional hub's trust policy file, relative to the mesh file. */
  @IsOptional()
  @IsString()
  policy?: string;

  @IsArray()
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  @Type(() => NodeSpec)
  nodes!: NodeSpec[];
}

export class GlobalSpec {
  @Matches(PARTY_ID, { message: `id ${ID_MESSAGE}` })
  id!: string;

  /** The hub's trust policy file, relative to the mesh file. */
  @IsOptional()
  @IsString()
  policy?: string;
}

export class MeshSpec {
  @Matches(PARTY_ID, { message: `name ${ID_MESSAGE}` })
  name!: string;

  /** Most hubs an alert may cross; a guard against loops the server cannot see. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(16)
  hopLimit: number = 4;

  @ValidateNested()
  @Type(() => GlobalSpec)
  global!: GlobalSpec;

  @IsArray()
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  @Type(() => RegionSpec)
  regions!: RegionSpec[];
}

export class MeshSpecError extends DocumentError {
  static override readonly heading = 'invalid mesh file';
  static override readonly code = 'MESH_SPEC_INVALID';
}

/** Each id names one party: the global hub, a region or a node. */
function sharedIds(spec: MeshSpec): string[] {
  const problems: string[] = [];
  const seen = new Map<string, string>();
  const claim = (id: string, what: string): void => {
    const previous = seen.get(id);
    if (previous) problems.push(`id "${id}" is used by both ${previous} and ${what}`);
    else seen.set(id, what);
  };
  claim(spec.global.id, 'the global hub');
  for (const region of spec.regions) {
    claim(region.id, `region ${region.id}`);
    for (const node of region.nodes) claim(node.id, `node ${node.id} in ${region.id}`);
  }
  return problems;
}

const MESH_DOCUMENT: DocumentKind<MeshSpec, MeshSpec> = {
  schema: MeshSpec,
  error: MeshSpecError,
  compile: (spec, problems) => {
    if (problems.length === 0) problems.push(...sharedIds(spec));
    return spec;
  },
};

/** Validates a parsed mesh document and checks the cross-references that a schema cannot. */
export function parseMeshSpec(document: unknown, source = 'mesh'): MeshSpec {
  return parseDocument({ document, source }, MESH_DOCUMENT);
}

export function loadMeshSpec(path: string): MeshSpec {
  return parseDocument({ file: path }, MESH_DOCUMENT);
}
