/**
 * `analyze IMAGE --dockerfile FILE`: the Dockerfile's source checks join the image's findings before the
 * gate is judged; a finding both make about one instruction is reported once, with the image's bytes.
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import type { AnalysisReport } from '../analysis/report.js';
import { locateFindings } from '../dockerfile/locate-findings.js';
import { mergeSourceFindings } from '../dockerfile/merge-source-findings.js';
import { InputError } from '../errors.js';
import { readBaseline } from '../lint/baseline.js';
import { parseDockerfileSource } from '../lint/lint-dockerfile.js';
import { runSourceRules } from '../lint/lint-source.js';
import type { BuiltImageFacts } from '../lint/rule.js';
import type { Finding } from '../lint/types.js';
import type { ExtraFindings } from './gate-options.js';
import { log } from './io.js';

export function dockerfileSourceFindings(report: AnalysisReport, args: { dockerfile?: string; target?: string }): ExtraFindings | undefined {
  const path = args.dockerfile;
  if (!path) return undefined;
  return async (findings, { rules, config, baseline, maxFindingsPerRule }) => {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      throw new InputError(`cannot read the Dockerfile (${(error as NodeJS.ErrnoException).code ?? error})`, path);
    }
    const file = shownPath(path);
    const parsed = parseDockerfileSource({ file: path, text });
    // Notes about unmatched layers are printed once, when the reports are written.
    const location = locateFindings({ ...report, findings }, parsed, { file, target: args.target });
    // A Dockerfile that did not build the image says nothing about it: its source findings stay out.
    if (location.notes.some((n) => n.startsWith('no layer of the image matches'))) return { findings, suppressed: [] };
    const located = location.report.findings as Finding[];
    const source = runSourceRules(parsed, rules, { config, file, baseline: baseline ? readBaseline(baseline) : undefined, built: builtImageFacts(report), maxFindingsPerRule });
    const merged = mergeSourceFindings(located, source.findings, parsed, rules);
    if (merged.merged > 0) log(`note: ${merged.merged} finding${merged.merged === 1 ? '' : 's'} of the Dockerfile's source checks merged with the image's`);
    return { findings: merged.findings, suppressed: [...source.suppressed, ...merged.suppressed] };
  };
}

/** The final image's package versions, for source checks that suggest them (pin-package-versions). */
function builtImageFacts(report: AnalysisReport): BuiltImageFacts {
  const inventory = report.base?.packages;
  if (!inventory || (inventory.manager !== 'dpkg' && inventory.manager !== 'apk') || inventory.packages.length === 0) return {};
  return { installed: { manager: inventory.manager, versions: new Map(inventory.packages.map((p) => [p.name, p.version])) } };
}

/** As report-output.ts shows paths: relative to the working directory, forward slashes. */
function shownPath(path: string): string {
  const rel = relative(process.cwd(), resolve(path));
  return (rel === '' || rel.startsWith('..') || isAbsolute(rel) ? resolve(path) : rel).split('\\').join('/');
}
