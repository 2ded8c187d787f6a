/** The STIX 2.1 objects the export writes: only the properties it sets. */

/** An id of the form `<type>--<uuid>`. */
export type StixId<T extends string = string> = `${T}--${string}`;

/** Common properties of the domain objects the export writes (STIX 2.1 §3.2). */
export interface StixDomainObject<T extends string> {
  type: T;
  spec_version: '2.1';
  id: StixId<T>;
  created_by_ref?: StixId<'identity'>;
  /** Millisecond precision, UTC, `Z`. */
  created: string;
  modified: string;
  labels?: string[];
  external_references?: StixExternalReference[];
  object_marking_refs?: Array<StixId<'marking-definition'>>;
}

export interface StixExternalReference {
  source_name: string;
  external_id?: string;
  url?: string;
  description?: string;
}

export interface StixIdentity extends StixDomainObject<'identity'> {
  name: string;
  identity_class: 'organization';
}

export interface StixReport extends StixDomainObject<'report'> {
  name: string;
  description?: string;
  published: string;
  report_types: string[];
  object_refs: StixId[];
}

export interface StixIndicator extends StixDomainObject<'indicator'> {
  name: string;
  indicator_types: string[];
  pattern: string;
  pattern_type: 'stix';
  pattern_version: '2.1';
  valid_from: string;
  valid_until?: string;
}

export interface StixVulnerability extends StixDomainObject<'vulnerability'> {
  name: string;
}

/** A TLP 2.0 marking definition, as the TLP 2.0 extension defines the five of them. */
export interface StixTlpMarking {
  type: 'marking-definition';
  spec_version: '2.1';
  id: StixId<'marking-definition'>;
  created: string;
  name: string;
  extensions: Record<string, { extension_type: 'property-extension'; tlp_2_0: string }>;
}

/** An object of the alert itself: its report, then its indicators and vulnerabilities. */
export type StixAlertObject = StixReport | StixIndicator | StixVulnerability;

/** Any object the export writes. */
export type StixObject = StixIdentity | StixTlpMarking | StixAlertObject;

/** A STIX 2.1 bundle: no `spec_version` of its own; `objects` absent when there is nothing to carry. */
export interface StixBundle {
  type: 'bundle';
  id: StixId<'bundle'>;
  objects?: StixObject[];
}
