import type { AlertSubmissionDto, Campaign, Category, IndicatorType, Tlp } from '@cirtmesh/contracts';

/**
 * What an import found in a document of another format: alerts to submit, and what it could not
 * map. The node then applies its import defaults and the caller's query, validates each draft as
 * a submission, and stores it once per `key`.
 */
export interface ImportResult {
  drafts: AlertDraft[];
  skipped: Skipped[];
}

/** One alert to be, in the words of the submission contract, with what makes it idempotent. */
export interface AlertDraft {
  /**
   * The same source object always gives the same key, and a new version of it a new one: a
   * STIX `<id>@<modified>`, a MISP `misp:<event uuid>@<timestamp>`. A key already imported is
   * skipped as a duplicate, never stored twice.
   */
  key: string;
  /** Where it came from, for messages: `report--…`, `MISP event …`. */
  what: string;
  /** Fields the source gave; `tlp` absent when the source has no marking (the node default then applies). */
  submission: Omit<AlertSubmissionDto, 'tlp' | 'scope'> & { tlp?: Tlp; scope?: AlertSubmissionDto['scope'] };
  /** For an alert folded from abuse reports: what the campaign summarises. */
  campaign?: Campaign;
}

/** Something of the source that was not mapped, and why. */
export interface Skipped {
  what: string;
  reason: string;
}

/** An indicator as the alert contract has it. */
export interface DraftIndicator {
  type: IndicatorType;
  value: string;
}

/**
 * One spam or abuse report, from X-ARF or ARF, reduced to what the mesh may carry. Victims'
 * addresses (recipients, `Original-Rcpt-To`, the reported message's `To`) are never in it; the
 * reporter is only its organisation's domain.
 */
export interface AbuseReport {
  /** X-ARF `report_id`, or the ARF message's `Message-ID`: a report seen twice counts once. */
  reportId: string;
  format: 'xarf' | 'arf';
  /** What the report is about: the reported IP, else a domain, else a URL. */
  source: DraftIndicator;
  /** The cirtmesh category its type maps to. */
  category: Category;
  /** The source format's own type: X-ARF `category/type`, ARF `Feedback-Type`. */
  type: string;
  /** When the abuse happened (X-ARF `timestamp`, ARF `Arrival-Date`), else when it was received. */
  observedAt: string;
  /** The reporting organisation's domain, if known. */
  reporterDomain?: string;
  /** URLs and domains the report names besides the source. */
  urls: string[];
  domains: string[];
  /** The sender address (`smtp_from`, `Original-Mail-From`) when the report names one: an indicator, not a victim. */
  senderEmail?: string;
  /** A short human description: the subject, the port, the feedback type. */
  note?: string;
}
