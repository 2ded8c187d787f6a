import { AlertSubmissionDto, PARTY_ID, type Redaction } from '@cirtmesh/contracts';
import { alertFacts, PolicyHolder } from '@cirtmesh/hub-core';
import { BadRequestException, Body, Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { Type } from 'class-transformer';
import { Matches, ValidateNested } from 'class-validator';
import { redactAlert, type Candidate, type Decision } from '@cirtmesh/trust';
import { v7 as uuidv7 } from 'uuid';
import type { HubConfig } from './config';
import { HUB_CONFIG } from './tokens';

export class ExplainRequestDto {
  @Matches(PARTY_ID, { message: 'origin must be a node id' })
  origin!: string;

  @Matches(PARTY_ID, { message: 'recipient must be a node or hub id' })
  recipient!: string;

  @ValidateNested()
  @Type(() => AlertSubmissionDto)
  alert!: AlertSubmissionDto;
}

export interface ExplainResponse {
  hub: string;
  origin: string;
  recipient: string;
  decision: Decision;
  /** What would be redacted in what the recipient receives. */
  redactions: Redaction[];
}

/** "Would alert X reach member Y, and why (not)?" answered without sending anything. */
@Controller('api/v1/policy')
export class PolicyController {
  constructor(
    private readonly policies: PolicyHolder,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
  ) {}

  @Get()
  current(): { hub: string; version: string; source: string } {
    return { hub: this.config.hubId, version: this.policies.current.version, source: this.policies.file ?? 'built-in open policy' };
  }

  @Post('explain')
  @HttpCode(200)
  explain(@Body() body: ExplainRequestDto): ExplainResponse {
    const { directory, hubId } = this.config;
    const origin = directory.node(body.origin);
    if (!origin) throw new BadRequestException(`origin ${body.origin} is not a node of the mesh`);
    const now = new Date();
    const alert = { ...body.alert, scope: body.alert.scope ?? 'regional', id: uuidv7(), origin: origin.id, createdAt: now.toISOString() };
    const members = directory.membersOf(hubId);
    const hub = directory.hub(body.recipient);
    let candidate: Candidate;
    if (hub) {
      const reach = hub.id === directory.hub(hubId)?.parent ? directory.regions().filter((r) => r !== hubId) : [hub.id];
      candidate = { kind: 'hub', id: hub.id, reach };
    } else {
      candidate = { kind: 'node', id: body.recipient, direct: members.includes(body.recipient) };
    }
    const engine = this.policies.current;
    const decision = engine.decide(alertFacts(alert), candidate, { regionOf: (n) => directory.node(n)?.region }, now);
    const profile = decision.verdict === 'refuse' ? undefined : engine.redactionProfile(decision.redaction);
    const redactions = profile ? redactAlert(alert, profile).applied : [];
    return { hub: hubId, origin: origin.id, recipient: body.recipient, decision, redactions };
  }
}
