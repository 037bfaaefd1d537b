/**
 * Golden files: every pull-request format on the committed samples, linted by the rules under rules/, with
 * and without --dockerfile. A rule change shows up here as a readable diff.
 * UPDATE_GOLDEN=1 rewrites them; review the diff like any other change to output.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { test } from 'node:test';
import type { AnalysisReport } from '../../src/analysis/report.js';
import { reporters, type FormatName } from '../../src/report/index.js';
import { repoRoot } from '../helpers.js';
import { ruleInfos, sampleReport } from './fixture-report.js';

const goldenDir = `${repoRoot}test/golden/report`;
const update = process.env.UPDATE_GOLDEN === '1';

const EXTENSIONS: Partial<Record<FormatName, string>> = {
  sarif: 'sarif', markdown: 'md', github: 'github.txt', junit: 'junit.xml', gitlab: 'gitlab.json', checkstyle: 'checkstyle.xml',
};

const cases: { name: string; sample: string; dockerfile?: string }[] = [
  { name: 'waste', sample: 'waste.docker.tar' },
  { name: 'waste-dockerfile', sample: 'waste.docker.tar', dockerfile: 'samples/dockerfiles/waste.Dockerfile' },
  { name: 'buildkit-dockerfile', sample: 'buildkit.docker.tar', dockerfile: 'samples/dockerfiles/buildkit.Dockerfile' },
  { name: 'good', sample: 'good.docker.tar' },
];

/** Volatile fields: the checkout path and the tool version. */
function normalise(text: string): string {
  return text.split(repoRoot).join('<repo>/');
}

/** JUnit at --fail-on warning, so its goldens show both kinds of case: warnings fail, infos pass with system-out. */
async function render(format: FormatName, report: AnalysisReport, sample: string): Promise<string> {
  const gate = format === 'junit' ? { failOn: 'warning' as const } : {};
  return normalise(reporters[format](report, { rules: await ruleInfos(), imageUri: `samples/${sample}`, toolVersion: '0.0.0-test', width: 120, ...gate }));
}

for (const c of cases) {
  test(`golden reports for ${c.name}`, async (t) => {
    const report = await sampleReport(c.sample, { dockerfile: c.dockerfile });
    for (const [format, ext] of Object.entries(EXTENSIONS) as [FormatName, string][]) {
      await t.test(format, async () => {
        const actual = await render(format, report, c.sample);
        const file = `${goldenDir}/${c.name}.${ext}`;
        if (update || !existsSync(file)) {
          if (!update) assert.fail(`${file} is missing; run with UPDATE_GOLDEN=1 to write it`);
          mkdirSync(goldenDir, { recursive: true });
          writeFileSync(file, actual);
          return;
        }
        assert.equal(actual, readFileSync(file, 'utf8'), `${format} output differs from ${file} (UPDATE_GOLDEN=1 rewrites it)`);
      });
    }
  });
}

test('rendering is deterministic: the same report twice gives the same bytes', async () => {
  const a = await sampleReport('waste.docker.tar');
  const b = await sampleReport('waste.docker.tar');
  for (const format of Object.keys(EXTENSIONS) as FormatName[]) {
    assert.equal(await render(format, a, 'waste.docker.tar'), await render(format, b, 'waste.docker.tar'), format);
  }
});
