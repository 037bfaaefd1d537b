/**
 * --dockerfile on multi-stage builds: only the final stage made the final image's layers, so every
 * finding must point at a line of the final stage, never at the look-alike lines of the other stages.
 * The engine cases build test/fixtures/multistage.Dockerfile with the real engine (BuildKit and the legacy
 * builder) FROM this run's busybox base (busybox-base.ts: its FROM lines are rewritten to it, line for
 * line); the sample case uses the committed multi-stage buildkit sample.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { AnalysisReport } from '../../src/analysis/report.js';
import { withDockerfileLocations } from '../../src/cli/report-output.js';
import { instructionsFromHistory, mapInstructions } from '../../src/dockerfile/map-findings.js';
import { parseDockerfile, stageChain } from '../../src/dockerfile/parse.js';
import type { Finding } from '../../src/lint/types.js';
import { uniqueFingerprints } from '../../src/report/findings.js';
import { repoRoot, runTag, sample, tempDir } from '../helpers.js';
import { BUSYBOX_BASE, busyboxBaseUnavailable } from '../busybox-base.js';
import { lintedReport } from '../report/fixture-report.js';

const DOCKER = '/usr/bin/docker';
const dockerfilePath = `${repoRoot}test/fixtures/multistage.Dockerfile`;
const source = readFileSync(dockerfilePath, 'utf8');
const parsed = parseDockerfile(source);
const finalFromLine = parsed.stages[parsed.stages.length - 1].startLine;

/** `# expect RULE` comments → rule id → the line of the instruction below the comment. */
function expectedLines(): Map<string, number> {
  const expected = new Map<string, number>();
  for (const ins of parsed.instructions) {
    for (const c of ins.comments) {
      const match = /^expect\s+(\S+)$/.exec(c.text);
      if (match) expected.set(match[1], ins.startLine);
    }
  }
  return expected;
}

function run(args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(DOCKER, args, { env: { ...process.env, ...env }, timeout: 300_000, maxBuffer: 16 << 20 }, (error, stdout, stderr) =>
      error ? reject(new Error(`docker ${args.join(' ')}: ${error.message}\n${stderr}`)) : resolve(stdout));
  });
}

const skip = await busyboxBaseUnavailable();
const work = tempDir('tsimage-i5-multistage-');
/** The fixture as built: the same lines, FROM this run's base. */
const builtDockerfile = join(work, 'multistage.Dockerfile');
writeFileSync(builtDockerfile, source.replace(/^FROM tsimage-busybox:base\b/gm, `FROM ${BUSYBOX_BASE}`));
const images: string[] = [];

/** Builds the fixture with one builder and saves it; the image is removed after the tests. */
async function buildAndSave(name: string, buildkit: boolean, extra: string[] = []): Promise<string> {
  const tag = runTag(`tsimage-i5-${name}`);
  images.push(tag);
  await run(['build', '-q', '--no-cache', ...extra, '-t', tag, '-f', builtDockerfile, work], { DOCKER_BUILDKIT: buildkit ? '1' : '0' });
  const archive = join(work, `${name}.tar`);
  await run(['save', '-o', archive, tag]);
  return archive;
}

after(async () => {
  for (const tag of images) await run(['rmi', '-f', tag]).catch(() => {});
  rmSync(work, { recursive: true, force: true });
});

async function mapped(archive: string): Promise<AnalysisReport> {
  return withDockerfileLocations(await lintedReport(archive), dockerfilePath, { shownAs: 'test/fixtures/multistage.Dockerfile' });
}

/**
 * The oracle, independent of the mapper: in this fixture every RUN, COPY and WORKDIR of the final stage makes
 * one layer, in order, after the single base layer. So layer k was made by the k-th of them.
 */
function layerLines(): number[] {
  const finalStage = parsed.stages.length - 1;
  return parsed.instructions.filter((i) => i.stageIndex === finalStage && ['RUN', 'COPY', 'ADD', 'WORKDIR'].includes(i.keyword)).map((i) => i.startLine);
}

function assertFinalStageLines(report: AnalysisReport): void {
  const findings = (report.findings ?? []) as Finding[];
  const lines = layerLines();
  assert.equal(report.layerCount, lines.length + 1, 'the oracle: one layer per RUN/COPY/WORKDIR of the final stage, plus the base');
  for (const f of findings) {
    assert.equal(f.file, 'test/fixtures/multistage.Dockerfile', `${f.ruleId} has no Dockerfile location`);
    assert.ok(f.line! >= finalFromLine, `${f.ruleId} points at line ${f.line}, before the final stage (FROM at ${finalFromLine})`);
    // A layer's finding: the instruction that made the layer (the base layer's: the FROM); an image-wide one: the FROM.
    const want = f.layerIndex === undefined || f.layerIndex === 0 ? finalFromLine : lines[f.layerIndex - 1];
    assert.equal(f.line, want, `${f.ruleId} (layer ${f.layerIndex}): ${f.message}`);
  }
  // The rules this fixture was written for fire, at the lines its comments name.
  for (const [rule, line] of expectedLines()) {
    assert.ok(findings.some((f) => f.ruleId === rule && f.line === line), `no ${rule} finding at line ${line}: ${findings.map((f) => `${f.ruleId}@${f.line}`).join(', ')}`);
  }
}

for (const buildkit of [true, false]) {
  const builder = buildkit ? 'BuildKit' : 'the legacy builder';
  test(`every finding of a multi-stage image built by ${builder} maps to its line in the final stage`, { skip }, async () => {
    const archive = await buildAndSave(buildkit ? 'ms-buildkit' : 'ms-legacy', buildkit);
    assertFinalStageLines(await mapped(archive));
  });
}

test('two builds of the same Dockerfile (different random bytes, ids and dates) give identical fingerprints', { skip }, async () => {
  const first = await lintedReport(await buildAndSave('fp-a', false));
  const second = await lintedReport(await buildAndSave('fp-b', false));
  assert.notEqual(first.image.digest, second.image.digest, 'the two builds should be different images');
  const a = uniqueFingerprints((first.findings ?? []) as Finding[]);
  const b = uniqueFingerprints((second.findings ?? []) as Finding[]);
  assert.ok(a.length >= 3);
  assert.deepEqual([...a].sort(), [...b].sort());
});

test('the committed multi-stage buildkit sample: every layer instruction matches a line of the final stage', async () => {
  const dockerfile = parseDockerfile(readFileSync(`${repoRoot}samples/dockerfiles/buildkit.Dockerfile`, 'utf8'));
  const finalStage = stageChain(dockerfile).at(-1)!;
  const report = await lintedReport(sample('buildkit.docker.tar'));
  const instructions = instructionsFromHistory(report.history);
  const mapping = mapInstructions(instructions, dockerfile, { file: 'Dockerfile' });
  const withLayers = instructions.filter((i) => i.layerIndex !== undefined);
  assert.ok(withLayers.length >= 5);
  for (const ins of withLayers) {
    const match = mapping.matches.find((m) => m.historyIndex === ins.historyIndex);
    assert.ok(match, `layer ${ins.layerIndex} (${ins.instruction} ${ins.arguments}) matched no line`);
    assert.equal(match.source.stageIndex, finalStage.index, `layer ${ins.layerIndex} matched line ${match.source.startLine} outside the final stage`);
    assert.equal(match.source.keyword, ins.instruction);
  }
  // The builder stage's RUN (line 11) must not be claimed by anything.
  assert.ok(!mapping.matches.some((m) => m.source.stageIndex !== finalStage.index));
});

before(() => {
  // The fixture's expectations are the test's contract: make sure the file still carries them.
  assert.equal(expectedLines().size, 3);
});
