/** Where a message came from: a member below (via INGEST) or the hub above (via its DELIVER). */
export type Direction = 'below' | 'above';
