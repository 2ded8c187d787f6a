import { RequireRole } from '@cirtmesh/http';
import { ReportIntake, type ImportedAlert, type OpenCampaign } from '@cirtmesh/node-core';
import { Controller, Get, HttpCode, Post } from '@nestjs/common';

/** The spam campaigns still open, and closing them now. */
@Controller('api/v1/spam')
export class SpamController {
  constructor(private readonly intake: ReportIntake) {}

  @Get('campaigns')
  @RequireRole('read')
  campaigns(): { campaigns: OpenCampaign[] } {
    return { campaigns: this.intake.open() };
  }

  /** Admin: closes every open campaign now; each becomes its alert. */
  @Post('flush')
  @HttpCode(200)
  async flush(): Promise<{ alerts: ImportedAlert[] }> {
    return { alerts: await this.intake.flush() };
  }
}
