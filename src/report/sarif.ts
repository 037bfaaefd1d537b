/**
 * SARIF 2.1.0 for GitHub code scanning (upload-sarif). What GitHub reads and requires is in
 * research/ecosystem.md §1.1; the output is checked with Microsoft's SARIF Multitool
 * (`validate --rule-kind "Gh;Sarif"`) in test/report/sarif-validate.test.ts.
 */
import { pathToFileURL } from 'node:url';
import { isAbsolute } from 'node:path';
import type { AnalysisReport } from '../analysis/report.js';
import type { Finding, Severity } from '../lint/types.js';
import type { SourceFix } from '../lint/source-fix.js';
import {
  byCost, displayPath, findingsOf, imageUriOf, imageWhereText, layerDigestOf, PROJECT_URL, ruleHelpUri, rulesFor,
  findingText, sentence, uniqueFingerprints, type PullRequestOptions, type RuleInfo,
} from './findings.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };
const PROBLEM_SEVERITY: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'recommendation' };
/** GitHub: ≥7.0 high, 4.0–6.9 medium, 0.1–3.9 low. Only security rules carry it: it makes GitHub treat them as security alerts. */
const SECURITY_SEVERITY: Record<Severity, string> = { error: '8.0', warning: '5.5', info: '2.0' };

export function renderSarif(report: AnalysisReport, options: PullRequestOptions = {}): string {
  return JSON.stringify(buildSarif(report, options), null, 2) + '\n';
}

export function buildSarif(report: AnalysisReport, options: PullRequestOptions = {}) {
  const findings = findingsOf(report).slice().sort(byCost);
  const rules = rulesFor(findings, options.rules);
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const fingerprints = uniqueFingerprints(findings);
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'tsimage',
            ...(options.toolVersion ? { version: options.toolVersion, semanticVersion: options.toolVersion } : {}),
            informationUri: PROJECT_URL,
            rules: rules.map(ruleDescriptor),
          },
        },
        automationDetails: { id: automationId(report.image.name) },
        columnKind: 'utf16CodeUnits',
        results: findings.map((f, i) => result(report, options, f, ruleIndex.get(f.ruleId) ?? 0, fingerprints[i])),
        properties: {
          imageName: report.image.name,
          tags: report.image.tags,
          ...(report.image.digest ? { imageDigest: report.image.digest } : {}),
          totalBytes: report.totalBytes,
          wastedBytes: report.waste.reclaimableBytes,
          efficiency: Number(report.waste.efficiency.toFixed(6)),
        },
      },
    ],
  };
}

/**
 * GitHub keeps one set of alerts per automation id (its "category"): one per image repository, so several
 * images per commit do not close each other's alerts, but without the tag or digest, which change every
 * build and would leave every earlier alert open forever.
 */
export function automationId(imageName: string): string {
  let repository = imageName.replace(/@sha256:[0-9a-f]+$/, '');
  const colon = repository.lastIndexOf(':');
  if (colon > repository.lastIndexOf('/')) repository = repository.slice(0, colon);
  // An image saved by id has no name worth keeping.
  if (repository === '' || repository === 'sha256' || /^[0-9a-f]{12,64}$/.test(repository)) repository = 'image';
  return `tsimage/${repository}/`;
}

function ruleDescriptor(rule: RuleInfo) {
  const security = rule.category === 'security';
  const why = rule.docs?.why ?? rule.description;
  const text = [why, rule.docs ? `Instead of: ${rule.docs.bad}` : '', rule.docs ? `Write: ${rule.docs.good}` : '', `Details: ${ruleHelpUri(rule.id)}`]
    .filter(Boolean).join('\n');
  const markdown = [
    `**${rule.id}** (${rule.category}, ${rule.severity}): ${rule.description}`,
    '',
    why,
    ...(rule.docs ? ['', 'Instead of:', '', fence(rule.docs.bad), '', 'write:', '', fence(rule.docs.good)] : []),
    '',
    `[Rule documentation](${ruleHelpUri(rule.id)})`,
  ].join('\n');
  // SARIF1001: a name that only repeats the id (`Pipefail` for `pipefail`, compared ignoring case) is left out.
  const name = pascalCase(rule.id);
  return {
    id: rule.id,
    ...(name.toLowerCase() === rule.id.toLowerCase() ? {} : { name }),
    shortDescription: { text: sentence(rule.description) },
    fullDescription: { text: sentence(why) },
    help: { text, markdown },
    helpUri: ruleHelpUri(rule.id),
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: {
      // GitHub files a rule tagged `security` under security alerts; tags must be unique (SARIF §3.8).
      tags: [...new Set(['container-image', rule.category, ...(security ? ['security'] : [])])].sort(),
      precision: 'high',
      ...(security ? { 'security-severity': SECURITY_SEVERITY[rule.severity] } : { 'problem.severity': PROBLEM_SEVERITY[rule.severity] }),
    },
  };
}

function result(report: AnalysisReport, options: PullRequestOptions, finding: Finding, index: number, fingerprint: string) {
  const inImage = imageWhereText(report, finding);
  const mapped = Boolean(finding.file && finding.line);
  // GitHub titles an alert with the first sentence; savings, evidence and fix follow.
  const text = findingText(report, finding);
  const layerDigest = layerDigestOf(report, finding);
  return {
    ruleId: finding.ruleId,
    ruleIndex: index,
    level: LEVEL[finding.severity],
    message: { text },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: toUri(mapped ? finding.file! : imageUriOf(report, options)) },
          region: mapped
            ? { startLine: finding.line!, endLine: finding.endLine ?? finding.line!, startColumn: 1 }
            : { startLine: 1, endLine: 1, startColumn: 1 },
        },
        ...(inImage ? { message: { text: inImage } } : {}),
      },
    ],
    // GitHub cannot hash a line of a file that is not in the repository, and Dockerfile lines move: a hash
    // of what the finding is about keeps the alert the same alert from run to run.
    partialFingerprints: {
      primaryLocationLineHash: `${fingerprint.slice(0, 16)}:1`,
      'tsimageFinding/v1': fingerprint,
    },
    properties: {
      category: finding.category,
      ...(finding.bytes !== undefined ? { bytes: finding.bytes } : {}),
      ...(finding.layerIndex !== undefined ? { layerIndex: finding.layerIndex } : {}),
      ...(layerDigest ? { layerDigest } : {}),
      ...(finding.paths.length ? { imagePaths: finding.paths.map(displayPath) } : {}),
      ...(finding.instruction ? { instruction: finding.instruction } : {}),
      ...(finding.fix ? { fix: finding.fix } : {}),
    },
    ...(mapped && finding.autofix ? { fixes: [sarifFix(finding.file!, finding.autofix)] } : {}),
  };
}

/**
 * SARIF §3.55 fix: one artifactChange on the Dockerfile, each edit a replacement (§3.57) whose deletedRegion
 * is 1-based, end column exclusive (§3.30); an empty region is an insertion point, and no insertedContent is
 * a deletion. GitHub code scanning accepts the property but does not show it (yet); editors' SARIF viewers
 * offer it as a quick fix. `properties.safety` says whether `tsimage lint --fix` applies it without `--unsafe`.
 */
function sarifFix(file: string, fix: SourceFix) {
  return {
    description: { text: sentence(fix.description) },
    artifactChanges: [
      {
        artifactLocation: { uri: toUri(file) },
        replacements: fix.edits.map((e) => ({
          deletedRegion: { startLine: e.line, startColumn: e.column, endLine: e.endLine, endColumn: e.endColumn },
          ...(e.text ? { insertedContent: { text: e.text } } : {}),
        })),
      },
    ],
    properties: { safety: fix.safety },
  };
}

/** Repository-relative paths stay relative (GitHub rebases them on the checkout); absolute ones become file URIs. */
function toUri(path: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path)) return path;
  if (isAbsolute(path)) return pathToFileURL(path).href;
  const uri = encodeURI(path.replace(/\\/g, '/').replace(/^\.\//, '')).replace(/[?#]/g, encodeURIComponent);
  // An image name such as `busybox:1.36` would read as a URI with scheme `busybox`: escape a colon before the first slash.
  const slash = uri.indexOf('/');
  return uri.slice(0, slash < 0 ? uri.length : slash).replace(/:/g, '%3A') + (slash < 0 ? '' : uri.slice(slash));
}

function pascalCase(id: string): string {
  return id.split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w[0].toUpperCase() + w.slice(1)).join('');
}

function fence(code: string): string {
  return '```dockerfile\n' + code + '\n```';
}
