/**
 * `analyze IMAGE --dockerfile Dockerfile`: the image's findings (located on the Dockerfile's lines) and the
 * source checks' findings about the same file. A rule that fires on both for one instruction gives one
 * finding: the image's, with its measured bytes and evidence, keeping the source's fix when the image has
 * none. The Dockerfile's inline ignores (`# tsimage ignore=`, `# hadolint ignore=`) apply to both.
 */
import { readInlineIgnores } from '../lint/lint-source.js';
import type { LoadedRule, SuppressedFinding } from '../lint/run-rules.js';
import type { Finding } from '../lint/types.js';
import { instructionAtLine, type ParsedDockerfile } from './parse.js';

export interface MergedFindings {
  findings: Finding[];
  /** Image findings an inline ignore in the Dockerfile accepted. */
  suppressed: SuppressedFinding[];
  /** How many source findings were folded into an image finding. */
  merged: number;
}

/** True when the two findings point at the same instruction of the same file. */
function sameInstruction(image: Finding, source: Finding): boolean {
  if (image.file !== source.file || image.line === undefined || source.line === undefined) return false;
  return image.line >= source.line && image.line <= (source.endLine ?? source.line);
}

export function mergeSourceFindings(
  located: readonly Finding[],
  source: readonly Finding[],
  dockerfile: ParsedDockerfile,
  rules: readonly LoadedRule[],
): MergedFindings {
  const inline = readInlineIgnores(dockerfile, rules);
  const suppressed: SuppressedFinding[] = [];
  const findings: Finding[] = [];
  const fileOf = source[0]?.file;
  for (const finding of located) {
    const ins = instructionAtLine(dockerfile, finding.line);
    const pragma = finding.file !== undefined && (fileOf === undefined || finding.file === fileOf)
      ? inline.global.get(finding.ruleId) ?? (ins ? inline.byInstruction.get(ins.startLine)?.get(finding.ruleId) : undefined)
      : undefined;
    if (pragma !== undefined) { suppressed.push({ finding, by: 'ignore', reason: `inline ignore at ${finding.file}:${pragma}` }); continue; }
    findings.push(finding);
  }
  let merged = 0;
  for (const finding of source) {
    // A summary of findings past the per-rule cap spans many instructions: it is never one finding's twin.
    const twin = finding.omitted === undefined ? findings.find((f) => f.ruleId === finding.ruleId && f.omitted === undefined && sameInstruction(f, finding)) : undefined;
    if (!twin) { findings.push(finding); continue; }
    merged++;
    if (!twin.fix && finding.fix) twin.fix = finding.fix;
    if (!twin.autofix && finding.autofix) twin.autofix = finding.autofix;
    if (twin.endLine === undefined && finding.endLine !== undefined) twin.endLine = finding.endLine;
  }
  return { findings, suppressed, merged };
}
