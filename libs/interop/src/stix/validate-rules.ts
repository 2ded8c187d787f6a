/** What STIX 2.1 requires of each object type, beside the common properties (§4, §5, §7). */
export const REQUIRED_PROPERTIES: Record<string, string[]> = {
  'attack-pattern': ['name'],
  campaign: ['name'],
  'course-of-action': ['name'],
  grouping: ['context', 'object_refs'],
  identity: ['name'],
  incident: ['name'],
  indicator: ['pattern', 'pattern_type', 'valid_from'],
  infrastructure: ['name'],
  'intrusion-set': ['name'],
  location: [],
  malware: ['is_family'],
  'malware-analysis': ['product'],
  note: ['content', 'object_refs'],
  'observed-data': ['first_observed', 'last_observed', 'number_observed'],
  opinion: ['opinion', 'object_refs'],
  report: ['name', 'published', 'object_refs'],
  'threat-actor': ['name'],
  tool: ['name'],
  vulnerability: ['name'],
  relationship: ['relationship_type', 'source_ref', 'target_ref'],
  sighting: ['sighting_of_ref'],
  'language-content': ['object_ref', 'contents'],
  'extension-definition': ['name', 'schema', 'version', 'extension_types', 'created_by_ref'],
};

/** Properties of type timestamp on the objects above. */
export const TIMESTAMP_PROPERTIES = [
  'published',
  'valid_from',
  'valid_until',
  'first_seen',
  'last_seen',
  'first_observed',
  'last_observed',
  'object_modified',
  'analysis_started',
  'analysis_ended',
  'submitted',
];

/** Pairs of timestamps where the second must not come before the first (`strict`: must come after). */
export const TIMESTAMP_ORDER: Array<{ type: string; from: string; to: string; strict: boolean }> = [
  { type: 'indicator', from: 'valid_from', to: 'valid_until', strict: true },
  { type: 'infrastructure', from: 'first_seen', to: 'last_seen', strict: false },
  { type: 'sighting', from: 'first_seen', to: 'last_seen', strict: false },
  { type: 'observed-data', from: 'first_observed', to: 'last_observed', strict: false },
];
