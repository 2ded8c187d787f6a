import 'reflect-metadata';
import { Type } from 'class-transformer';
import { ArrayMinSize, IsArray, IsInt, IsOptional, IsString, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { DocumentError, PARTY_ID, PARTY_ID_RULE, parseDocument, type DocumentKind } from '@cirtmesh/contracts';

const ID_MESSAGE = `must be ${PARTY_ID_RULE}`;

/** What every party of the mesh file has: an id, and optionally its policy file. */
export class PartySpec {
  @Matches(PARTY_ID, { message: `id ${ID_MESSAGE}` })
  id!: string;

  /**
   * Its policy file, relative to the mesh file: a hub's trust policy, or a node's outbound policy
   * (which can only narrow what its hub allows).
   */
  @IsOptional()
  @IsString()
  policy?: string;
}

/** A party with a name for people: a region, a node. */
export class NamedPartySpec extends PartySpec {
  @IsOptional()
  @IsString()
  @Length(1, 120)
  name?: string;
}

export class NodeSpec extends NamedPartySpec {
  /** ISO 3166-1 alpha-2 country code of the CIRT. */
  @Matches(/^[A-Z]{2}$/, { message: 'country must be an ISO 3166-1 alpha-2 code such as KE' })
  country!: string;
}

export class RegionSpec extends NamedPartySpec {
  @IsArray()
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  @Type(() => NodeSpec)
  nodes!: NodeSpec[];
}

export class GlobalSpec extends PartySpec {}

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
