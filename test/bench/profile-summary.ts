/**
 * `npm run bench:profile -- DIR`: summarises the V8 CPU profiles (`*.cpuprofile`) that a
 * benchmark run with `CIRTMESH_BENCH_PROFILE=DIR` left, one block per process: its busy time,
 * then self time by area (a package, one of the project's libs or apps, Node's internals, GC)
 * and the heaviest functions.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { round } from './stats';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const AREAS: [RegExp, (m: RegExpMatchArray) => string][] = [
  [/node_modules\/((?:@[^/]+\/)?[^/]+)/, (m) => m[1]],
  [/\/(libs|apps)\/([^/]+)\//, (m) => `${m[1]}/${m[2]}`],
  [/^node:/, () => 'node internals'],
];

function areaOf(node: ProfileNode): string {
  const { url, functionName } = node.callFrame;
  if (!url) return functionName.startsWith('(') ? functionName : 'native';
  for (const [pattern, name] of AREAS) {
    const m = url.match(pattern);
    if (m) return name(m);
  }
  return 'other';
}

function top(map: Map<string, number>, n: number): string {
  return [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, us]) => `    ${String(round(us / 1000, 0)).padStart(7)} ms  ${k}`)
    .join('\n');
}

function summarise(file: string, profile: CpuProfile): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const areas = new Map<string, number>();
  const functions = new Map<string, number>();
  let busy = 0;
  for (const [id, us] of self) {
    const node = byId.get(id)!;
    if (node.callFrame.functionName === '(idle)') continue;
    busy += us;
    const area = areaOf(node);
    areas.set(area, (areas.get(area) ?? 0) + us);
    const where = node.callFrame.url.replace(/^.*\/(node_modules|libs|apps)\//, '$1/');
    const fn = `${node.callFrame.functionName || '(anonymous)'} ${where}:${node.callFrame.lineNumber + 1}`;
    functions.set(fn, (functions.get(fn) ?? 0) + us);
  }
  return `${file}: ${round(busy / 1000, 0)} ms busy\n  by area:\n${top(areas, 12)}\n  heaviest functions:\n${top(functions, 15)}`;
}

function main(): void {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: npm run bench:profile -- DIR   (a directory of .cpuprofile files)');
    process.exit(2);
  }
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  if (files.length === 0) {
    console.error(`no .cpuprofile files in ${dir}`);
    process.exit(1);
  }
  for (const file of files.sort()) {
    console.log(summarise(file, JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile));
  }
}

main();
