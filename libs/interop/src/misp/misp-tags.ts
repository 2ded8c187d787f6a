import { CATEGORIES, TLPS, type Category, type Tlp } from '@cirtmesh/contracts';
import { lookup } from '../json-values';

/**
 * The tags of MISP's `tlp` taxonomy (v10) and the cirtmesh TLP each means: TLP 1.0 `white` is
 * CLEAR, `ex:chr` (TLP:EX:CHR, Chatham House rule) is GREEN, and `unclear` names no level.
 */
const TLP_OF_TAG: Readonly<Record<string, Tlp>> = {
  'tlp:white': 'CLEAR',
  'tlp:clear': 'CLEAR',
  'tlp:green': 'GREEN',
  'tlp:ex:chr': 'GREEN',
  'tlp:amber': 'AMBER',
  'tlp:amber+strict': 'AMBER+STRICT',
  'tlp:red': 'RED',
};

/** The strictest TLP the tags name (MISP lets an event and its attributes carry contradictory ones), if any. */
export function strictestTlp(tagNames: Iterable<string>): Tlp | undefined {
  let strictest: Tlp | undefined;
  for (const name of tagNames) {
    const tlp = lookup(TLP_OF_TAG, name.trim().toLowerCase());
    if (tlp !== undefined && (strictest === undefined || TLPS.indexOf(tlp) > TLPS.indexOf(strictest))) strictest = tlp;
  }
  return strictest;
}

/** The TLP 2.0 tag for a cirtmesh TLP: `tlp:clear`, `tlp:green`, `tlp:amber`, `tlp:amber+strict`, `tlp:red`. */
export function tlpTagName(tlp: Tlp): string {
  return `tlp:${tlp.toLowerCase()}`;
}

/** The tag cirtmesh writes for its category, read back on import: `cirtmesh:category="spam"`. */
export function categoryTagName(category: Category): string {
  return `cirtmesh:category="${category}"`;
}

/** circl:incident-classification values that name a cirtmesh category without doubt. */
const CIRCL: Readonly<Record<string, Category>> = {
  spam: 'spam',
  phishing: 'phishing',
  whaling: 'phishing',
  smishing: 'phishing',
  malware: 'malware',
  ransomware: 'malware',
  locker: 'malware',
  screenlocker: 'malware',
  wiper: 'malware',
  cryptojacking: 'malware',
  'denial-of-service': 'ddos',
  'system-compromise': 'intrusion',
  scan: 'scanning',
  vulnerability: 'vulnerability',
  'information-leak': 'data-leak',
  scam: 'fraud',
};

/**
 * ecsirt and its successor rsit (the Reference Security Incident Taxonomy): a whole class where
 * every value in it is one cirtmesh category, and single values of the other classes.
 */
const RSIT_CLASS: Readonly<Record<string, Category>> = {
  'malicious-code': 'malware',
  'intrusion-attempts': 'intrusion',
  intrusions: 'intrusion',
  vulnerable: 'vulnerability',
};
const RSIT_VALUE: Readonly<Record<string, Category>> = {
  'abusive-content=spam': 'spam',
  'malicious-code=botnet-drone': 'botnet',
  'malicious-code=c&c': 'botnet',
  'malicious-code=c2-server': 'botnet',
  'intrusions=bot': 'botnet',
  'information-gathering=scanner': 'scanning',
  'availability=dos': 'ddos',
  'availability=ddos': 'ddos',
  'fraud=phishing': 'phishing',
  'fraud=masquerade': 'fraud',
  'fraud=unauthorized-use-of-resources': 'fraud',
  'fraud=unauthorised-use-of-resources': 'fraud',
  'information-content-security=unauthorised-information-access': 'data-leak',
  'information-content-security=data-leak': 'data-leak',
};

/** A machine tag `namespace:predicate="value"` (the value optional), lower-cased. */
function machineTag(name: string): { namespace: string; predicate: string; value?: string } | undefined {
  const match = /^([^:="]+):([^="]+)(?:="([^"]*)")?$/.exec(name.trim().toLowerCase());
  if (!match) return undefined;
  return { namespace: match[1], predicate: match[2], ...(match[3] === undefined ? {} : { value: match[3] }) };
}

function categoryOfTag(name: string): Category | undefined {
  const tag = machineTag(name);
  if (!tag) return undefined;
  const { namespace, predicate, value } = tag;
  if (namespace === 'cirtmesh' && predicate === 'category') return CATEGORIES.find((category) => category === value);
  if (namespace === 'circl' && predicate === 'incident-classification') return lookup(CIRCL, value);
  if (namespace === 'ecsirt' || namespace === 'rsit')
    return lookup(RSIT_VALUE, `${predicate}=${value ?? ''}`) ?? lookup(RSIT_CLASS, predicate);
  return undefined;
}

/** The category the first taxonomy tag that maps clearly names (cirtmesh, circl, ecsirt, rsit), else `other`. */
export function categoryOfTags(tagNames: Iterable<string>): Category {
  for (const name of tagNames) {
    const category = categoryOfTag(name);
    if (category !== undefined) return category;
  }
  return 'other';
}
