import type { Scope, Tlp } from '@cirtmesh/contracts';

/** The formats a node imports: STIX 2.1 bundles, MISP events, X-ARF reports, ARF report messages. */
export const IMPORT_FORMATS = ['stix', 'misp', 'xarf', 'arf'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** The formats a node exports one alert as: a STIX 2.1 bundle, a MISP event. */
export const EXPORT_FORMATS = ['stix', 'misp'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The media type of STIX 2.1 content. */
export const STIX_MEDIA_TYPE = 'application/stix+json;version=2.1';

/** The media type each import is sent as: the JSON formats as JSON, ARF as the mail message it is. */
export const IMPORT_MEDIA_TYPES: Readonly<Record<ImportFormat, string>> = {
  stix: STIX_MEDIA_TYPE,
  misp: 'application/json',
  xarf: 'application/json',
  arf: 'message/rfc822',
};

/** What the caller sets for everything the document does not say (`?scope=`, `?recipients=`, `?groups=`). */
export interface ImportOptions {
  scope?: Scope;
  /** Node ids; AMBER and RED alerts need recipients or groups. */
  recipients?: string[];
  /** Sharing groups, as the hubs' policies define them. */
  groups?: string[];
}

/** An alert an import made: this node's own, submitted as any other. */
export interface ImportedAlert {
  id: string;
  title: string;
  tlp: Tlp;
  scope: Scope;
}

/** A spam campaign that a report opened or joined; it becomes one alert when it closes. */
export interface OpenCampaign {
  /** The reported source, `ipv4:192.0.2.7`. */
  source: string;
  reports: number;
  closesAt: string;
}

/** Something of the document that made no alert, and why. */
export interface SkippedItem {
  what: string;
  reason: string;
}

/** What `POST /api/v1/import/<format>` answers (202). */
export interface ImportAnswer {
  alerts: ImportedAlert[];
  campaigns: OpenCampaign[];
  skipped: SkippedItem[];
}

/** One alert exported: the document parsed, and its text exactly as the node sent it. */
export interface ExportedAlert {
  format: ExportFormat;
  /** `application/stix+json;version=2.1` or `application/json`, as the node answered. */
  contentType: string;
  text: string;
  document: unknown;
  /** `<alert id>.stix.json` or `<alert id>.misp.json`. */
  fileName: string;
}

/** The file name an export is saved as: `<alert id>.stix.json`, `<alert id>.misp.json`. */
export function exportFileName(alertId: string, format: ExportFormat): string {
  return `${alertId.replace(/[^\w.-]/g, '_')}.${format}.json`;
}
