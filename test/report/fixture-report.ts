/**
 * Reports for the reporter tests: a real sample's analyzeModel output plus findings built from what the
 * analysis measured (the rule engine fills `findings` in real runs; these stand in for it, with real
 * layers, paths and byte figures).
 */
import { readFileSync } from 'node:fs';
import { analyzeModel, type AnalysisReport } from '../../src/analysis/report.js';
import { withDockerfileLocations } from '../../src/cli/report-output.js';
import { openImage } from '../../src/image/open.js';
import type { Finding } from '../../src/lint/types.js';
import type { RuleInfo } from '../../src/report/findings.js';
import { shortCommand } from '../../src/report/text.js';
import { repoRoot, sample } from '../helpers.js';

export const testRules: RuleInfo[] = [
  {
    id: 'deleted-in-later-layer', category: 'bloat', severity: 'warning',
    description: 'a file written in one layer is deleted or replaced in a later one',
    docs: { why: 'Deleting a file in a later layer hides it but the bytes stay in the image.', bad: 'RUN curl -o /tmp/x.tgz ...\nRUN rm /tmp/x.tgz', good: 'RUN curl -o /tmp/x.tgz ... && tar xzf /tmp/x.tgz && rm /tmp/x.tgz' },
  },
  {
    id: 'duplicate-content', category: 'bloat', severity: 'info',
    description: 'the same file content is stored under two paths',
    docs: { why: 'Identical files are stored twice.', bad: 'RUN cp /a /b', good: 'RUN ln /a /b' },
  },
  {
    id: 'missing-healthcheck', category: 'hygiene', severity: 'info',
    description: 'the image has no HEALTHCHECK',
    docs: { why: 'Orchestrators cannot tell a hung container from a healthy one.', bad: 'CMD ["server"]', good: 'HEALTHCHECK CMD ["/bin/check"]\nCMD ["server"]' },
  },
  {
    id: 'setuid-file', category: 'security', severity: 'error',
    description: 'a file has the setuid bit',
    docs: { why: 'A setuid binary lets a process gain its owner\'s rights.', bad: 'RUN chmod u+s /bin/tool', good: 'RUN chmod u-s /bin/tool' },
  },
  {
    id: 'unused-rule', category: 'hygiene', severity: 'warning',
    description: 'a rule no finding uses, so reports list clean rules too',
    docs: { why: 'Clean rules show as passed tests.', bad: 'FROM x', good: 'FROM x:1' },
  },
];

/** Findings from the measured waste: one per reclaimable path and per duplicate, plus an image-wide and a base-layer one. */
export function findingsFor(report: AnalysisReport): Finding[] {
  const instructionOf = (layerIndex: number) => shortCommand(report.layers[layerIndex]?.createdBy) || undefined;
  const findings: Finding[] = [];
  for (const wasted of report.waste.topPaths) {
    findings.push({
      ruleId: 'deleted-in-later-layer', severity: 'warning', category: 'bloat',
      message: `/${wasted.path} is ${wasted.cause} in layer ${wasted.removedBy} but its ${wasted.bytes} bytes stay in layer ${wasted.writtenBy}`,
      layerIndex: wasted.writtenBy, historyIndex: report.layers[wasted.writtenBy].historyIndex,
      instruction: instructionOf(wasted.writtenBy), paths: [wasted.path], bytes: wasted.bytes,
      fix: 'delete it in the same RUN that writes it',
    });
  }
  for (const dup of report.waste.duplicates) {
    const last = dup.paths[dup.paths.length - 1];
    findings.push({
      ruleId: 'duplicate-content', severity: 'info', category: 'bloat',
      message: `${dup.paths.map((p) => '/' + p.path).join(' and ')} have the same content`,
      layerIndex: last.layerIndex, historyIndex: report.layers[last.layerIndex].historyIndex,
      instruction: instructionOf(last.layerIndex), paths: dup.paths.map((p) => p.path), bytes: dup.bytes,
      fix: 'use a hard link, or keep one copy',
    });
  }
  if (!report.config.Healthcheck) {
    findings.push({ ruleId: 'missing-healthcheck', severity: 'info', category: 'hygiene', message: 'No HEALTHCHECK: orchestrators cannot tell whether the app is healthy', paths: [] });
  }
  // A base-layer finding with characters every format must escape: | , : % < & and a newline.
  findings.push({
    ruleId: 'setuid-file', severity: 'error', category: 'security',
    message: 'bin/busybox: 100% of <applets> run as "root", or not | check: a,b\nsecond line',
    layerIndex: 0, historyIndex: report.layers[0].historyIndex, paths: ['bin/busybox'], fix: 'RUN chmod u-s /bin/busybox',
  });
  return findings;
}

export async function sampleReport(name: string, options: { dockerfile?: string } = {}): Promise<AnalysisReport> {
  const { report } = analyzeModel(await openImage(sample(name)));
  const withFindings: AnalysisReport = { ...report, findings: findingsFor(report) };
  if (!options.dockerfile) return withFindings;
  return withDockerfileLocations(withFindings, `${repoRoot}${options.dockerfile}`, { shownAs: options.dockerfile });
}

export function readSampleDockerfile(name: string): string {
  return readFileSync(`${repoRoot}samples/dockerfiles/${name}`, 'utf8');
}
