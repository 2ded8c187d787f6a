/**
 * A party's id: a national node, a regional hub (its region's id) or the global hub. Ids become
 * NATS subject tokens, JetStream domains and durable names, so they keep to a safe alphabet. The
 * one definition: the mesh file, the alert contract, the policies and the keyring all use it.
 */
export const PARTY_ID = /^[a-z][a-z0-9-]{0,31}$/;
export const PARTY_ID_RULE = '1-32 chars of a-z, 0-9 and "-", starting with a letter';

/** A name that policies define: a sharing group, a tier, a rule or a redaction profile. */
export const POLICY_NAME = /^[a-z][a-z0-9-]{0,63}$/;
export const POLICY_NAME_RULE = '1-64 chars of a-z, 0-9 and "-", starting with a letter';
