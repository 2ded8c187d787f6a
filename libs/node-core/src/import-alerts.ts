import { AlertSubmissionDto, describeValidationErrors, isRestrictedTlp, type Scope, type Tlp } from '@cirtmesh/contracts';
import type { AlertDraft, ImportResult, Skipped } from '@cirtmesh/interop';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { DuplicateImportError, type AlertLog } from './alert-log';
import { OutboundRefusedError, type SubmitAlert } from './submit-alert';

/** What the node assumes where a source says nothing. */
export interface ImportDefaults {
  tlp: Tlp;
  scope: Scope;
}

/** What the caller of an import sets for everything it imports (`?scope=`, `?recipients=`, `?groups=`). */
export interface ImportOptions {
  scope?: Scope;
  recipients?: string[];
  groups?: string[];
  traceparent?: string;
}

export interface ImportedAlert {
  id: string;
  title: string;
  tlp: Tlp;
  scope: Scope;
}

export interface ImportOutcome {
  alerts: ImportedAlert[];
  skipped: Skipped[];
}

const VALIDATION = { whitelist: true, forbidNonWhitelisted: true } as const;

/**
 * Makes this node's own alerts of what an import found: each draft gets the node's defaults and
 * the caller's options, is checked as any submission is, goes through the outbound policy, and is
 * stored once per source object. What cannot be made an alert is listed with the reason.
 */
export class ImportAlerts {
  constructor(
    private readonly submit: SubmitAlert,
    private readonly log: AlertLog,
    private readonly defaults: ImportDefaults,
  ) {}

  async execute(found: ImportResult, options: ImportOptions = {}): Promise<ImportOutcome> {
    const outcome: ImportOutcome = { alerts: [], skipped: [...found.skipped] };
    for (const draft of found.drafts) {
      const made = await this.importOne(draft, options);
      if ('reason' in made) outcome.skipped.push(made);
      else outcome.alerts.push(made);
    }
    return outcome;
  }

  private async importOne(draft: AlertDraft, options: ImportOptions): Promise<ImportedAlert | Skipped> {
    const earlier = this.log.importedAs(draft.key);
    if (earlier) return { what: draft.what, reason: `duplicate of ${earlier}` };
    const submission = this.submission(draft, options);
    const problem = this.problemOf(submission);
    if (problem) return { what: draft.what, reason: problem };
    try {
      const { alert } = await this.submit.execute(submission, options.traceparent, { importKey: draft.key, campaign: draft.campaign });
      return { id: alert.id, title: alert.title, tlp: alert.tlp, scope: alert.scope };
    } catch (error) {
      if (error instanceof DuplicateImportError || error instanceof OutboundRefusedError)
        return { what: draft.what, reason: error.message };
      throw error;
    }
  }

  private submission(draft: AlertDraft, options: ImportOptions): AlertSubmissionDto {
    const given = draft.submission;
    return plainToInstance(AlertSubmissionDto, {
      ...given,
      tlp: given.tlp ?? this.defaults.tlp,
      scope: options.scope ?? given.scope ?? this.defaults.scope,
      ...(options.recipients ? { recipients: options.recipients } : {}),
      ...(options.groups ? { groups: options.groups } : {}),
    });
  }

  /** Why this would not be a valid submission; restricted TLP without recipients says how to name them. */
  private problemOf(submission: AlertSubmissionDto): string | undefined {
    const named = (submission.recipients?.length ?? 0) > 0 || (submission.groups?.length ?? 0) > 0;
    if (isRestrictedTlp(submission.tlp) && !named) {
      return `TLP:${submission.tlp} goes only to named recipients: name them with ?recipients= or ?groups= on the import endpoint`;
    }
    const problems = describeValidationErrors(validateSync(submission, VALIDATION));
    return problems.length > 0 ? `not a valid alert: ${problems.join('; ')}` : undefined;
  }
}
