import { AlertSubmissionDto, flattenValidationErrors, VALIDATION_OPTIONS } from '@cirtmesh/contracts';
import { explainDecision, lintMeshPolicies, loadPolicyFile } from '@cirtmesh/hub-core';
import { loadMeshSpec, MeshDirectory } from '@cirtmesh/mesh';
import { TrustEngine } from '@cirtmesh/trust';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { Command } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Invoke } from './context';
import { EXIT } from './errors';
import { invokes, meshOption, requireFlags } from './options';

export interface ExplainOptions {
  meshFile: string;
  hub: string;
  origin: string;
  recipient: string;
  /** A JSON file, or inline JSON. */
  alert: string;
  /** A policy file other than the one the mesh file names (to try a change before making it). */
  policy?: string;
  json: boolean;
}

/** `cirtmesh policy check`: lints every policy the mesh file names; errors make the exit status 1. */
export function runPolicyCheck(meshFile: string): number {
  const file = resolve(meshFile);
  const directory = new MeshDirectory(loadMeshSpec(file));
  const findings = lintMeshPolicies(file, directory);
  for (const f of findings) console.log(`${f.level}: ${f.file}: ${f.message}`);
  const errors = findings.filter((f) => f.level === 'error').length;
  console.log(`${errors} error(s), ${findings.length - errors} warning(s)`);
  return errors > 0 ? 1 : 0;
}

/** `cirtmesh policy explain`: the decision a hub would make, from files, without a running mesh. */
export function runPolicyExplain(options: ExplainOptions): void {
  const meshFile = resolve(options.meshFile);
  const directory = new MeshDirectory(loadMeshSpec(meshFile));
  const hub = directory.hub(options.hub);
  if (!hub) throw new Error(`--hub ${options.hub} is not a hub of ${meshFile}`);
  const policyFile = options.policy ? resolve(options.policy) : hub.policy ? resolve(dirname(meshFile), hub.policy) : undefined;
  if (!policyFile) throw new Error(`hub ${hub.id} names no policy file; pass --policy FILE`);
  const engine = new TrustEngine(loadPolicyFile(policyFile, hub.id, directory));
  const text = existsSync(options.alert) ? readFileSync(options.alert, 'utf8') : options.alert;
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw new Error('--alert must be a JSON file or inline JSON of an alert submission');
  }
  const submission = plainToInstance(AlertSubmissionDto, document);
  const problems = flattenValidationErrors(validateSync(submission, VALIDATION_OPTIONS));
  if (problems.length > 0)
    throw new Error(`the alert is invalid: ${problems.map((p) => `${p.field}: ${p.messages.join(', ')}`).join('; ')}`);
  const result = explainDecision(engine, directory, hub.id, options.origin, options.recipient, submission, new Date());
  if (options.json) {
    console.log(JSON.stringify(result, null, 2));
    return;
  }
  const { decision } = result;
  console.log(
    `${decision.verdict.toUpperCase()}: ${options.origin} -> ${options.recipient} at hub ${hub.id} (policy ${decision.policy} from ${policyFile})`,
  );
  for (const r of decision.reasons) console.log(`  ${r.code}: ${r.text}`);
  if (decision.notBefore) console.log(`  held until ${decision.notBefore}`);
  for (const r of result.redactions) console.log(`  redacts ${r.field} (${r.action})`);
}

type ExplainFlags = { mesh: string; hub: string; origin: string; recipient: string; alert: string; policy?: string; json?: boolean };

/** `cirtmesh policy check` and `cirtmesh policy explain`. */
export function policyCommand(invoke: Invoke): Command {
  const check = new Command('check').description('lint every policy the mesh file names (exit status 1 on errors)').addOption(meshOption());
  const explain = new Command('explain')
    .description('the decision a hub would make for one alert and one recipient, and why')
    .addOption(meshOption())
    .option('--hub <ID>', 'the hub that decides (required)')
    .option('--origin <NODE>', "the alert's origin (required)")
    .option('--recipient <ID>', 'the member it would go to (required)')
    .option('--alert <FILE|JSON>', 'the alert submission: a JSON file, or inline JSON (required)')
    .option('--policy <FILE>', 'a policy file other than the one the mesh file names, to try a change before making it')
    .option('--json', 'the decision as JSON');
  return new Command('policy')
    .description("lint the mesh's policies, or explain a hub's decision")
    .addCommand(
      invokes(check, invoke, () => {
        const { mesh } = check.opts<{ mesh: string }>();
        return { request: { meshFile: mesh }, run: () => runPolicyCheck(mesh) };
      }),
    )
    .addCommand(
      invokes(explain, invoke, () => {
        requireFlags(explain, ['--hub', '--origin', '--recipient', '--alert'], (missing) => `policy explain needs ${missing}`);
        const { mesh, json, ...flags } = explain.opts<ExplainFlags>();
        const request: ExplainOptions = { meshFile: mesh, ...flags, json: json === true };
        return {
          request,
          run: () => {
            runPolicyExplain(request);
            return EXIT.ok;
          },
        };
      }),
    );
}
