/**
 * The README is what a newcomer runs first: its two commands must be the ones CI runs, its sample report and
 * picture must be what the CLI prints today, and every link in it and in docs/ must lead somewhere.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { repoRoot } from '../helpers.js';
import {
  readmeBlock, readmeReportSection, reportSvg, sampleReport, scriptUnavailable, SVG_PATH,
} from '../../scripts/readme-report.js';

const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
const REFRESH = 'run `npm run readme` to refresh it from the current output, and review the diff';

test('the README starts with the install-and-analyze command and the test command, and CI runs that test command', () => {
  const block = /```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
  const commands = block.split('\n').map((l) => l.replace(/\s+#.*$/, '').trim()).filter(Boolean);
  assert.deepEqual(commands, ['npm install && npx tsimage analyze samples/waste.docker.tar', 'npm test']);
  assert.ok(readme.indexOf(block) < readme.indexOf('## What you get'), 'the commands come first');
  const ci = readFileSync(join(repoRoot, '.ci', 'run'), 'utf8').split('\n').map((l) => l.trim());
  assert.ok(ci.includes(commands[1]), '.ci/run runs the README\'s test command');
});

const sampleUnavailable = scriptUnavailable();

test('the README\'s sample report is what the CLI prints on a 100-column terminal', { skip: sampleUnavailable }, () => {
  const section = readmeReportSection(readme);
  assert.ok(section, 'README.md has the report markers');
  assert.equal(section, readmeBlock(sampleReport()), `the README's report is stale: ${REFRESH}`);
});

test('the README\'s picture is that same output, rendered', { skip: sampleUnavailable }, () => {
  const svg = readFileSync(join(repoRoot, SVG_PATH), 'utf8');
  assert.equal(svg, reportSvg(sampleReport()), `${SVG_PATH} is stale: ${REFRESH}`);
  assert.ok(readme.includes(`](${SVG_PATH})`), 'the README shows it');
});

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    if (fenced) continue;
    const heading = /^#{1,6}\s+(.*)$/.exec(line);
    if (heading) anchors.add(heading[1].trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-'));
    for (const id of line.matchAll(/<a id="([^"]+)"><\/a>/g)) anchors.add(id[1]);
  }
  return anchors;
}

test('every relative link in the README and docs/ leads to a file, and every #anchor to a heading or id', () => {
  const pages = ['README.md', ...readdirSync(join(repoRoot, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
  const problems: string[] = [];
  for (const page of pages) {
    const text = readFileSync(join(repoRoot, page), 'utf8').replace(/```[\s\S]*?```/g, '');
    for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/.test(target)) continue;
      const [path, anchor] = target.split('#');
      const file = path ? normalize(join(dirname(page), path)) : page;
      if (!existsSync(join(repoRoot, file))) {
        problems.push(`${page}: ${target}: no such file`);
        continue;
      }
      if (anchor && file.endsWith('.md') && !anchorsOf(readFileSync(join(repoRoot, file), 'utf8')).has(anchor)) problems.push(`${page}: ${target}: no such anchor`);
    }
  }
  assert.deepEqual(problems, []);
});
