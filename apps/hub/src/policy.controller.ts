import { AlertSubmissionDto, PARTY_ID } from '@cirtmesh/contracts';
import { RequireRole } from '@cirtmesh/http';
import { explainDecision, PolicyHolder, type Explanation } from '@cirtmesh/hub-core';
import { Body, Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { Type } from 'class-transformer';
import { Matches, ValidateNested } from 'class-validator';
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

/** "Would alert X reach member Y, and why (not)?" answered without sending anything. */
@Controller('api/v1/policy')
export class PolicyController {
  constructor(
    private readonly policies: PolicyHolder,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
  ) {}

  @Get()
  @RequireRole('read')
  current(): { hub: string; version: string; source: string } {
    return { hub: this.config.hubId, version: this.policies.current.version, source: this.policies.file ?? 'built-in open policy' };
  }

  @Post('explain')
  @HttpCode(200)
  explain(@Body() body: ExplainRequestDto): Explanation {
    const { directory, hubId } = this.config;
    return explainDecision(this.policies.current, directory, hubId, body.origin, body.recipient, body.alert, new Date());
  }
}
