/**
 * Reports for the reporter tests: a real sample's analysis with the findings of the real rules under
 * rules/ (every rule file found there, so the reports follow the rule set as it grows).
 */
import { readdirSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { analyzeModel, type AnalysisReport } from '../../src/analysis/report.js';
import { withDockerfileLocations } from '../../src/cli/report-output.js';
import { parseCreatedBy } from '../../src/analysis/dockerfile/parse-created-by.js';
import { openImage } from '../../src/image/open.js';
import type { Rule, RuleInstruction } from '../../src/lint/rule.js';
import { runRules } from '../../src/lint/run-rules.js';
import type { RuleInfo } from '../../src/report/findings.js';
import { repoRoot, sample } from '../helpers.js';

const rulesDir = `${repoRoot}dist/rules`;

let loaded: Promise<Rule[]> | undefined;

/** Every built-in rule: the default export of each compiled file under dist/rules/ that has a check. */
export function builtinRules(): Promise<Rule[]> {
  loaded ??= (async () => {
    const files = readdirSync(rulesDir).filter((f) => f.endsWith('.js')).sort();
    const rules: Rule[] = [];
    for (const file of files) {
      const mod = (await import(pathToFileURL(`${rulesDir}/${file}`).href)) as { default?: Rule };
      if (mod.default && typeof mod.default.id === 'string' && typeof mod.default.check === 'function') rules.push(mod.default);
    }
    return rules.sort((a, b) => a.id.localeCompare(b.id));
  })();
  return loaded;
}

export async function ruleInfos(): Promise<RuleInfo[]> {
  return (await builtinRules()).map(({ id, category, severity, description, docs }) => ({ id, category, severity, description, docs }));
}

/**
 * The instructions rules see: the reconstruction's (issue 3) when the report carries them, else each
 * history entry's created_by parsed as the reconstruction parses it; history before the first entry with
 * a created_by is the imported base.
 */
function ruleInstructions(report: AnalysisReport): RuleInstruction[] {
  if (Array.isArray(report.instructions) && report.instructions.length > 0) return report.instructions as RuleInstruction[];
  const firstOwn = report.history.findIndex((h) => h.createdBy.trim() !== '');
  return report.history.filter((h) => h.createdBy.trim() !== '').map((h) => {
    const parsed = parseCreatedBy(h.createdBy);
    return {
      instruction: parsed.instruction,
      arguments: parsed.arguments,
      text: `${parsed.instruction} ${parsed.arguments}`.trim(),
      layerIndex: h.layerIndex,
      historyIndex: h.index,
      bytes: h.layerIndex === undefined ? 0 : report.layers[h.layerIndex]?.bytes ?? 0,
      inherited: h.index < firstOwn,
    };
  });
}

/** A sample (or any archive path) analysed and linted with the built-in rules. */
export async function lintedReport(path: string): Promise<AnalysisReport> {
  const analyzed = analyzeModel(await openImage(path));
  const { findings } = runRules({ ...analyzed, instructions: ruleInstructions(analyzed.report) }, await builtinRules());
  return { ...analyzed.report, findings };
}

export async function sampleReport(name: string, options: { dockerfile?: string } = {}): Promise<AnalysisReport> {
  const report = await lintedReport(sample(name));
  if (!options.dockerfile) return report;
  return withDockerfileLocations(report, `${repoRoot}${options.dockerfile}`, { shownAs: options.dockerfile });
}
