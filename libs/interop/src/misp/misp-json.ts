/**
 * The MISP core format as cirtmesh writes it (misp-rfc `misp-core-format`; PyMISP `to_feed`):
 * most scalars are strings, numbers too; `published` and `to_ids` are booleans.
 */

export interface MispTag {
  name: string;
  colour?: string;
  exportable?: boolean;
}

export interface MispOrg {
  uuid: string;
  name: string;
}

export interface MispAttribute {
  uuid: string;
  type: string;
  category: string;
  value: string;
  to_ids: boolean;
  comment: string;
  /** Unix seconds, as a string. */
  timestamp: string;
  deleted: boolean;
  disable_correlation: boolean;
  Tag?: MispTag[];
}

export interface MispObject {
  name: string;
  uuid: string;
  Attribute: MispAttribute[];
}

/** An event in the feed form: no `distribution` (the importing instance sets it), no sharing group. */
export interface MispEvent {
  uuid: string;
  info: string;
  /** YYYY-MM-DD. */
  date: string;
  timestamp: string;
  publish_timestamp: string;
  published: boolean;
  /** 0 initial, 1 ongoing, 2 complete. */
  analysis: '0' | '1' | '2';
  /** 1 high, 2 medium, 3 low, 4 undefined. */
  threat_level_id: '1' | '2' | '3' | '4';
  Orgc: MispOrg;
  Tag: MispTag[];
  Attribute: MispAttribute[];
  Object?: MispObject[];
}

/** One event file of a MISP feed, `<event uuid>.json`. */
export interface MispEventDocument {
  Event: MispEvent;
}
