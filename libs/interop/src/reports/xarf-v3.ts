import { derivedUuid } from '../derived-uuid';
import { lookup, objectOf, quote, textOf } from '../json-values';

/** X-ARF v3 report types (case and punctuation aside) and the v4 category and type each becomes. */
const V4_OF_V3_TYPE: Readonly<Record<string, readonly [string, string]>> = {
  spam: ['messaging', 'spam'],
  ddos: ['connection', 'ddos'],
  portscan: ['connection', 'port_scan'],
  scan: ['connection', 'port_scan'],
  loginattack: ['connection', 'login_attack'],
  bruteforce: ['connection', 'login_attack'],
  phishing: ['content', 'phishing'],
  malware: ['content', 'malware'],
  fraud: ['content', 'fraud'],
  botnet: ['infrastructure', 'botnet'],
};

/** An object that is an X-ARF v3 report: a `Version` 3 and its `Report`. */
export function isXarfV3(report: Record<string, unknown>): boolean {
  return textOf(report.Version)?.startsWith('3') === true && objectOf(report.Report) !== undefined;
}

/**
 * An X-ARF v3 report converted to v4 (xarf-spec, Backwards Compatibility): `xarf_version` with
 * `legacy_version: "3"`; `ReporterInfo` → `reporter`, which is also the `sender` (v3 has no
 * separate sender: the reporter filed it); `Report.Date`, `SourceIp` (or `Source.IP`, `Source.URL`)
 * and `SourcePort` → `timestamp`, `source_identifier`, `source_port`; `ReportType` → `category`
 * and `type`; the sender address and subject of a spam report. Its evidence is not converted:
 * cirtmesh never carries evidence.
 *
 * The spec gives a converted report a new random UUID. This conversion derives it from the
 * report instead, so that the same v3 report read twice has one id and counts once.
 */
export function xarfV4OfV3(report: Record<string, unknown>, receivedAt: Date): { converted: Record<string, unknown> } | { reason: string } {
  const body = objectOf(report.Report) ?? {};
  const info = objectOf(report.ReporterInfo) ?? {};
  const source = objectOf(body.Source) ?? {};
  const additional = objectOf(body.AdditionalInfo) ?? {};
  const v3Type = textOf(body.ReportType);
  const v4 = lookup(V4_OF_V3_TYPE, v3Type?.toLowerCase().replace(/[^a-z0-9]/g, ''));
  if (v4 === undefined)
    return { reason: `the v3 ReportType ${v3Type === undefined ? '(none)' : quote(v3Type)} has no X-ARF v4 category and type` };
  const reporter = {
    org: textOf(info.ReporterOrg),
    contact: textOf(info.ReporterOrgEmail) ?? textOf(info.ReporterContactEmail),
    domain: textOf(info.ReporterOrgDomain),
  };
  const converted = {
    xarf_version: '4.0.0',
    legacy_version: '3',
    report_id: derivedUuid(`xarf:v3:${JSON.stringify(report)}`),
    timestamp: textOf(body.Date) ?? receivedAt.toISOString(),
    reporter,
    sender: reporter,
    source_identifier: textOf(body.SourceIp) ?? textOf(source.IP) ?? textOf(source.URL) ?? textOf(source.Value),
    source_port: body.SourcePort ?? source.Port,
    category: v4[0],
    type: v4[1],
    smtp_from: textOf(body.SmtpMailFromAddress) ?? textOf(additional.SMTPFrom),
    subject: textOf(additional.Subject),
    url: textOf(source.URL),
  };
  return { converted };
}
