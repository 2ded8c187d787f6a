import { checkIndicatorValue, type IndicatorType } from '@cirtmesh/contracts';
import type { DraftIndicator } from '../draft';
import { parseStixPattern, type ComparisonNode, type ObjectPath, type PatternLiteral, type PatternNode } from './pattern-parser';

/** What a pattern gives: its indicators, and why any part of it gave none. */
export interface PatternIndicators {
  indicators: DraftIndicator[];
  problems: string[];
}

type Test = Extract<ComparisonNode, { kind: 'test' }>;
type Candidate = DraftIndicator | string;

const VALUE_PATHS: Record<string, IndicatorType> = {
  'ipv4-addr:value': 'ipv4',
  'ipv6-addr:value': 'ipv6',
  'domain-name:value': 'domain',
  'url:value': 'url',
  'email-addr:value': 'email',
  'autonomous-system:number': 'asn',
};
const HASH_KEYS: Record<string, IndicatorType> = { MD5: 'md5', SHA1: 'sha1', SHA256: 'sha256' };
const IP_TYPES: Record<string, IndicatorType> = { 'ipv4-addr': 'ipv4', 'ipv6-addr': 'ipv6' };
const QUALIFIERS = { WITHIN: 'WITHIN', REPEATS: 'REPEATS', START: 'START…STOP' };

/**
 * The indicators a STIX pattern names, when it is one comparison or comparisons joined by OR:
 * `=` on the value of ipv4-addr, ipv6-addr (a `/` makes it a cidr), domain-name, url and
 * email-addr, on `file:hashes.MD5`, `'SHA-1'` and `'SHA-256'` (any case), on
 * `autonomous-system:number` (an integer or a digit string), `ISSUBSET` on an address value (a
 * cidr), and misp-stix's `network-traffic:src_ref.type = … AND network-traffic:src_ref.value = …`.
 * Anything else, and any value that the alert contract refuses, is a problem, said in words.
 */
export function indicatorsFromPattern(pattern: string): PatternIndicators {
  const parsed = parseStixPattern(pattern);
  if (!parsed.ok) return { indicators: [], problems: [`the pattern is not valid STIX: ${parsed.error}`] };
  const comparisons = observedComparisons(parsed.pattern);
  if (typeof comparisons === 'string') return { indicators: [], problems: [comparisons] };
  const result: PatternIndicators = { indicators: [], problems: [] };
  for (const candidate of comparisons.flatMap(orBranches).map(candidateOf)) {
    if (typeof candidate === 'string') result.problems.push(candidate);
    else result.indicators.push(candidate);
  }
  return result;
}

/** The comparison expressions of observations joined by OR; else why the pattern is not mapped. */
function observedComparisons(node: PatternNode): ComparisonNode[] | string {
  switch (node.kind) {
    case 'observation':
      return [node.comparison];
    case 'qualified':
      return `the ${QUALIFIERS[node.qualifier]} qualifier is not mapped`;
    case 'join': {
      if (node.operator !== 'OR') return `observations joined by ${node.operator} are not mapped`;
      const left = observedComparisons(node.left);
      const right = observedComparisons(node.right);
      if (typeof left === 'string') return left;
      return typeof right === 'string' ? right : [...left, ...right];
    }
  }
}

function orBranches(node: ComparisonNode): ComparisonNode[] {
  return node.kind === 'boolean' && node.operator === 'OR' ? [...orBranches(node.left), ...orBranches(node.right)] : [node];
}

function andTerms(node: ComparisonNode): ComparisonNode[] {
  return node.kind === 'boolean' && node.operator === 'AND' ? [...andTerms(node.left), ...andTerms(node.right)] : [node];
}

function candidateOf(branch: ComparisonNode): Candidate {
  if (branch.kind === 'test') return checked(testCandidate(branch));
  return checked(networkTrafficCandidate(andTerms(branch)) ?? 'comparisons joined by AND are not mapped');
}

function checked(candidate: Candidate): Candidate {
  if (typeof candidate === 'string') return candidate;
  const check = checkIndicatorValue(candidate.type, candidate.value);
  return check.ok ? candidate : `${JSON.stringify(candidate.value)} is not ${check.expected} (${candidate.type})`;
}

function testCandidate(test: Test): Candidate {
  const type = indicatorTypeOf(test.path);
  if (!type) return `the object path ${renderPath(test.path)} is not mapped`;
  if (test.negated) return `NOT ${test.operator} is not mapped`;
  const subset = test.operator === 'ISSUBSET' && (type === 'ipv4' || type === 'ipv6');
  if (test.operator !== '=' && !subset) return `the operator ${test.operator} is not mapped`;
  const literal = test.value as PatternLiteral;
  if (type === 'asn') {
    const digits = literal.kind === 'int' || (literal.kind === 'string' && /^\d+$/.test(literal.value));
    return digits ? { type, value: `AS${literal.value.replace(/^\+/, '')}` } : `an AS number must be an integer, not ${literal.kind}`;
  }
  if (literal.kind !== 'string') return `a constant of type ${literal.kind} is not mapped for ${renderPath(test.path)}`;
  return { type: subset || literal.value.includes('/') ? ipOrCidr(type, literal.value) : type, value: literal.value };
}

function ipOrCidr(type: IndicatorType, value: string): IndicatorType {
  return (type === 'ipv4' || type === 'ipv6') && value.includes('/') ? 'cidr' : type;
}

function indicatorTypeOf(path: ObjectPath): IndicatorType | undefined {
  const [first, second, ...rest] = path.steps;
  if (path.objectType === 'file' && first === 'hashes' && typeof second === 'string' && rest.length === 0) {
    return HASH_KEYS[second.toUpperCase().replace(/-/g, '')];
  }
  return path.steps.length === 1 ? VALUE_PATHS[`${path.objectType}:${String(first)}`] : undefined;
}

/** misp-stix's address form: `[network-traffic:src_ref.type = 'ipv4-addr' AND network-traffic:src_ref.value = '…']`. */
function networkTrafficCandidate(terms: ComparisonNode[]): Candidate | undefined {
  if (terms.length !== 2) return undefined;
  const tests = terms.filter((t): t is Test => t.kind === 'test' && t.operator === '=' && !t.negated);
  const typeTest = tests.find((t) => t.path.steps[1] === 'type');
  const valueTest = tests.find((t) => t.path.steps[1] === 'value');
  if (!typeTest || !valueTest) return undefined;
  const ref = typeTest.path.steps[0];
  const sameRef = [typeTest, valueTest].every(
    (t) => t.path.objectType === 'network-traffic' && t.path.steps.length === 2 && t.path.steps[0] === ref,
  );
  const type = IP_TYPES[(typeTest.value as PatternLiteral).value];
  const value = valueTest.value as PatternLiteral;
  if (!sameRef || (ref !== 'src_ref' && ref !== 'dst_ref') || !type || value.kind !== 'string') return undefined;
  return { type: ipOrCidr(type, value.value), value: value.value };
}

function renderPath(path: ObjectPath): string {
  const steps = path.steps.map((step, n) => {
    if (typeof step === 'number' || step === '*') return `[${step}]`;
    const name = /^[A-Za-z_][A-Za-z0-9_]*$/.test(step) ? step : `'${step}'`;
    return n === 0 ? name : `.${name}`;
  });
  return `${path.objectType}:${steps.join('')}`;
}
