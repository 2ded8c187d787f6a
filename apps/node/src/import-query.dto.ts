import { PARTY_ID, POLICY_NAME, SCOPES, type Scope } from '@cirtmesh/contracts';
import type { ImportOptions } from '@cirtmesh/node-core';
import { IsIn, IsOptional, Matches } from 'class-validator';

const list = (pattern: RegExp): RegExp => new RegExp(`^${pattern.source.slice(1, -1)}(,${pattern.source.slice(1, -1)}){0,99}$`);

/** What an import's caller sets for everything the source does not say. */
export class ImportQueryDto {
  @IsOptional()
  @IsIn(SCOPES, { message: `scope must be one of: ${SCOPES.join(', ')}` })
  scope?: Scope;

  /** Node ids, comma-separated. */
  @IsOptional()
  @Matches(list(PARTY_ID), { message: 'recipients must be node ids, comma-separated, such as jp,my' })
  recipients?: string;

  /** Sharing group names, comma-separated. */
  @IsOptional()
  @Matches(list(POLICY_NAME), { message: 'groups must be group names, comma-separated, such as mou-ke-jp' })
  groups?: string;
}

export function importOptions(query: ImportQueryDto, traceparent?: string): ImportOptions {
  return {
    scope: query.scope,
    recipients: query.recipients?.split(','),
    groups: query.groups?.split(','),
    traceparent,
  };
}
