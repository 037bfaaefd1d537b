/**
 * action.yml at the repository root: its inputs and outputs, and its lint script run as GitHub would run it
 * (inputs as environment variables, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files) against the built CLI.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { parse } from 'yaml';
import { MARKDOWN_MARKER } from '../../src/report/markdown.js';
import { repoRoot, runCli, tempDir } from '../helpers.js';

interface Action {
  inputs: Record<string, { required?: boolean; default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: { id?: string; run?: string; env?: Record<string, string> }[] };
}

// Before any hook is registered: a top-level await after `after()` lets the hook run early.
const gateFlags = (await runCli(['analyze', '--help'])).stdout.includes('--fail-on');
const skip = gateFlags ? undefined : 'analyze has no --fail-on yet (the rule engine gate of issue 4 adds it)';

const action = parse(readFileSync(`${repoRoot}action.yml`, 'utf8')) as Action;
const work = tempDir('tsimage-i5-action-');
after(() => rmSync(work, { recursive: true, force: true }));

test('action.yml declares the image, dockerfile, fail-on and formats inputs and the report outputs', () => {
  assert.equal(action.runs.using, 'composite');
  assert.equal(action.inputs.image.required, true);
  for (const name of ['dockerfile', 'fail-on', 'formats', 'sarif-file', 'target']) assert.ok(action.inputs[name], name);
  assert.equal(action.inputs['fail-on'].default, 'error');
  assert.match(action.inputs.formats.default!, /sarif/);
  assert.match(action.inputs.formats.default!, /markdown/);
  for (const name of ['sarif-file', 'markdown-file', 'exit-code']) assert.match(action.outputs[name].value, /steps\.lint\.outputs\./);
});

/** GitHub's expression substitution for the few expressions the lint step's env uses. */
function stepEnv(inputs: Record<string, string>): Record<string, string> {
  const step = action.runs.steps.find((s) => s.id === 'lint')!;
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(step.env ?? {})) {
    env[key] = value
      .replace(/\$\{\{\s*github\.action_path\s*\}\}/g, repoRoot.replace(/\/$/, ''))
      .replace(/\$\{\{\s*inputs\.([a-z-]+)\s*\}\}/g, (_, name: string) => inputs[name] ?? action.inputs[name]?.default ?? '');
  }
  return env;
}

function runStep(inputs: Record<string, string>, files: { output: string; summary: string }): Promise<{ code: number; stdout: string; stderr: string }> {
  const script = action.runs.steps.find((s) => s.id === 'lint')!.run!;
  return new Promise((resolve) => {
    execFile('bash', ['-c', script], {
      cwd: repoRoot,
      env: { ...process.env, ...stepEnv(inputs), GITHUB_OUTPUT: files.output, GITHUB_STEP_SUMMARY: files.summary, NO_COLOR: '1', CI: '1' },
      timeout: 120_000,
    }, (error, stdout, stderr) => resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }));
  });
}

test('the lint step writes the SARIF file, the job summary, the PR-sized Markdown and annotations', { skip }, async () => {
  const output = join(work, 'github-output');
  const summary = join(work, 'summary.md');
  writeFileSync(output, '');
  writeFileSync(summary, '');
  const sarif = join(work, 'out.sarif');
  const { code, stdout, stderr } = await runStep(
    { image: 'samples/waste.docker.tar', dockerfile: 'samples/dockerfiles/waste.Dockerfile', 'fail-on': 'none', 'sarif-file': sarif, 'output-dir': work },
    { output, summary },
  );
  assert.equal(code, 0, stderr);
  const outputs = Object.fromEntries(readFileSync(output, 'utf8').trim().split('\n').map((l) => l.split('=') as [string, string]));
  assert.equal(outputs['sarif-file'], sarif);
  assert.equal(outputs['exit-code'], '0');
  assert.equal((JSON.parse(readFileSync(sarif, 'utf8')) as { version: string }).version, '2.1.0');
  assert.ok(readFileSync(summary, 'utf8').startsWith(MARKDOWN_MARKER));
  assert.ok(readFileSync(outputs['markdown-file'], 'utf8').startsWith(MARKDOWN_MARKER));
  assert.ok(!stdout.includes('Image   '), 'github format on stdout, not text');
});

test('an unknown format in the input fails the step with exit 2 and an annotation', async () => {
  const output = join(work, 'github-output-2');
  writeFileSync(output, '');
  const { code, stdout } = await runStep({ image: 'samples/good.docker.tar', formats: 'sarif,pdf' }, { output, summary: join(work, 'summary-2.md') });
  assert.equal(code, 2);
  assert.match(stdout, /^::error title=tsimage::unknown format 'pdf'/m);
  assert.match(readFileSync(output, 'utf8'), /exit-code=2/);
});
