import {
  AlertSubmissionDto,
  describeValidationErrors,
  isRestrictedTlp,
  VALIDATION_OPTIONS,
  type Scope,
  type StoredAlert,
  type Tlp,
} from '@cirtmesh/contracts';
import type { AlertDraft, ImportResult, Skipped } from '@cirtmesh/interop';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { DuplicateImportError, type AlertLog } from './alert-log';
import { OutboundRefusedError, type SubmitAlert, type Submission } from './submit-alert';

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
  /** Traced, what the alerts' own traces link to (a campaign's reports); the request's `traceparent` when absent. */
  links?: string[];
}

/** One draft with the options it is imported under. */
export interface ImportItem {
  draft: AlertDraft;
  options: ImportOptions;
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

  /** Imports what was found, every alert through one batched store; fails if storing fails. */
  async execute(found: ImportResult, options: ImportOptions = {}): Promise<ImportOutcome> {
    const outcome: ImportOutcome = { alerts: [], skipped: [...found.skipped] };
    for (const made of await this.importEach(found.drafts.map((draft) => ({ draft, options })))) {
      if (made.status === 'rejected') throw made.reason;
      if ('reason' in made.value) outcome.skipped.push(made.value);
      else outcome.alerts.push(made.value);
    }
    return outcome;
  }

  /**
   * Each draft with its own options, stored in one batch: each settles to the alert made or the
   * reason it was skipped, or fails on its own when storing it failed.
   */
  async importEach(items: ImportItem[]): Promise<PromiseSettledResult<ImportedAlert | Skipped>[]> {
    const results = new Array<PromiseSettledResult<ImportedAlert | Skipped>>(items.length);
    const toSubmit: { index: number; submission: Submission }[] = [];
    items.forEach(({ draft, options }, index) => {
      const earlier = this.log.importedAs(draft.key);
      const submission = this.submission(draft, options);
      const problem = earlier ? `duplicate of ${earlier}` : this.problemOf(submission);
      if (problem) results[index] = { status: 'fulfilled', value: { what: draft.what, reason: problem } };
      else {
        const links = options.links ?? (options.traceparent ? [options.traceparent] : undefined);
        toSubmit.push({ index, submission: { submission, extras: { importKey: draft.key, campaign: draft.campaign, links } } });
      }
    });
    const traceparent = items.find((i) => i.options.traceparent)?.options.traceparent;
    const stored = await this.submit.executeBatch(
      toSubmit.map((s) => s.submission),
      traceparent,
    );
    stored.forEach((result, i) => {
      const { index } = toSubmit[i];
      results[index] = this.outcomeOf(items[index].draft, result);
    });
    return results;
  }

  private outcomeOf(draft: AlertDraft, result: PromiseSettledResult<StoredAlert>): PromiseSettledResult<ImportedAlert | Skipped> {
    if (result.status === 'fulfilled') {
      const { alert } = result.value;
      return { status: 'fulfilled', value: { id: alert.id, title: alert.title, tlp: alert.tlp, scope: alert.scope } };
    }
    const error: unknown = result.reason;
    if (error instanceof DuplicateImportError || error instanceof OutboundRefusedError) {
      return { status: 'fulfilled', value: { what: draft.what, reason: error.message } };
    }
    return result;
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
    const problems = describeValidationErrors(validateSync(submission, VALIDATION_OPTIONS));
    return problems.length > 0 ? `not a valid alert: ${problems.join('; ')}` : undefined;
  }
}
