/**
 * GitHub-flavoured Markdown for a pull-request comment or $GITHUB_STEP_SUMMARY: verdict, size line,
 * findings table, biggest layers, and the reconstructed Dockerfile folded in <details>.
 * The hidden marker lets an action find its own comment and update it instead of adding another.
 */
import type { AnalysisReport } from '../analysis/report.js';
import type { Finding } from '../lint/types.js';
import { formatBytes, formatPercent } from '../bytes.js';
import { bySeverity, countBySeverity, findingsOf, formatCounts, verdictOf, whereText, type PullRequestOptions } from './findings.js';
import { parseCreatedBy } from '../analysis/dockerfile/parse-created-by.js';

export const MARKDOWN_MARKER = '<!-- tsimage-report -->';
/** GitHub rejects a comment body over 65,536 characters; counting UTF-8 bytes keeps under both limits. */
export const PR_COMMENT_LIMIT = 65_536;
/** GitHub's cap for one step's job summary. */
export const STEP_SUMMARY_LIMIT = 1024 * 1024;

export interface MarkdownOptions extends PullRequestOptions {
  /** Maximum UTF-8 bytes of the output (default PR_COMMENT_LIMIT). */
  maxBytes?: number;
}

const SEVERITY_ICON = { error: '🔴 error', warning: '🟠 warning', info: '🔵 info' } as const;
const BIGGEST_LAYERS = 5;

export function renderMarkdown(report: AnalysisReport, options: MarkdownOptions = {}): string {
  const maxBytes = options.maxBytes ?? PR_COMMENT_LIMIT;
  const findings = findingsOf(report).slice().sort(bySeverity);
  const { title: dockerfileTitle, text: dockerfile } = dockerfileText(report);
  // Shrink what is least useful first: the folded Dockerfile, then the tail of the findings table
  // (as many rows as fit, found by bisection: each try renders the whole report).
  const fits = (text: string) => Buffer.byteLength(text) <= maxBytes;
  for (const dockerfileChars of [dockerfile.length, 20_000, 4_000, 0]) {
    if (dockerfileChars > dockerfile.length) continue;
    const text = compose(report, options, findings, findings.length, dockerfileTitle, dockerfile, dockerfileChars);
    if (fits(text)) return text;
  }
  let low = -1;
  let high = findings.length;
  while (high - low > 1) {
    const mid = (low + high) >> 1;
    if (fits(compose(report, options, findings, mid, dockerfileTitle, dockerfile, 0))) low = mid;
    else high = mid;
  }
  if (low >= 0) return compose(report, options, findings, low, dockerfileTitle, dockerfile, 0);
  // Still too long (a huge image name?): cut hard, but keep the marker and the verdict.
  const note = '\n\n_Report truncated to fit the size limit; the full report is in the JSON/SARIF output._\n';
  return cutToBytes(compose(report, options, findings, 0, dockerfileTitle, dockerfile, 0), maxBytes - Buffer.byteLength(note)) + note;
}

function compose(report: AnalysisReport, options: PullRequestOptions, findings: Finding[], rows: number, dockerfileTitle: string, dockerfile: string, dockerfileChars: number): string {
  const verdict = verdictOf(findings, options);
  const out: string[] = [MARKDOWN_MARKER];
  out.push(`### ${verdict.passed ? '✅' : '❌'} tsimage: ${verdict.passed ? 'pass' : 'fail'} — ${escapeInline(verdict.reason)}`);
  out.push('');
  const img = report.image;
  out.push(`**${escapeInline(img.name)}**${img.digest ? ` \`${img.digest.slice(0, 19)}\`` : ''} · ${img.os}/${img.architecture}${img.variant ? '/' + img.variant : ''}`);
  out.push('');
  out.push(`**Size** ${formatBytes(report.totalBytes)} in ${report.layerCount} layer${report.layerCount === 1 ? '' : 's'} (${formatBytes(report.compressedBytes)} compressed) · `
    + `**Efficiency** ${formatPercent(report.waste.efficiency)} · **Wasted** ${formatBytes(report.waste.reclaimableBytes)}`
    + (report.waste.duplicateBytes > 0 ? ` · **Duplicated** ${formatBytes(report.waste.duplicateBytes)}` : ''));
  out.push('');

  out.push(`#### Findings (${formatCounts(countBySeverity(findings))})`);
  out.push('');
  if (findings.length === 0) {
    out.push('No findings.');
  } else {
    out.push('| Severity | Rule | Where | Saves | Fix |');
    out.push('|---|---|---|---:|---|');
    for (const f of findings.slice(0, rows)) {
      out.push(`| ${SEVERITY_ICON[f.severity]} | ${code(f.ruleId)} | ${code(whereText(report, f))} | ${f.bytes ? formatBytes(f.bytes) : ''} | ${f.fix ? fixCell(f.fix) : escapeCell(f.message)} |`);
    }
    if (rows < findings.length) {
      out.push('');
      out.push(`_${findings.length - rows} more finding${findings.length - rows === 1 ? '' : 's'} not shown (size limit); see the SARIF or JSON report._`);
    }
  }
  out.push('');

  const biggest = report.layers.filter((l) => l.bytes > 0).sort((a, b) => b.bytes - a.bytes || a.index - b.index).slice(0, BIGGEST_LAYERS);
  if (biggest.length) {
    out.push('#### Biggest layers');
    out.push('');
    out.push('| Layer | Size | Instruction |');
    out.push('|---:|---:|---|');
    for (const l of biggest) {
      const command = l.createdBy?.trim() ? instructionLine(l.createdBy) : '';
      const comment = l.historyIndex === undefined ? undefined : report.history[l.historyIndex]?.comment;
      const shown = command ? code(command.length > 120 ? command.slice(0, 119) + '…' : command) : comment ? `_${escapeCell(comment)}_` : '_(no history)_';
      out.push(`| ${l.index} | ${formatBytes(l.bytes)} | ${shown} |`);
    }
    out.push('');
  }

  if (dockerfile) {
    out.push(`<details><summary>${dockerfileTitle}</summary>`);
    out.push('');
    if (dockerfileChars > 0) {
      const shown = dockerfileChars < dockerfile.length ? dockerfile.slice(0, dockerfile.lastIndexOf('\n', dockerfileChars) + 1) : dockerfile;
      const fenceMark = '`'.repeat(Math.max(3, longestRun(shown, '`') + 1));
      out.push(fenceMark + 'dockerfile');
      out.push(shown.replace(/\n$/, ''));
      out.push(fenceMark);
      if (shown.length < dockerfile.length) out.push('', '_Dockerfile truncated (size limit)._');
    } else {
      out.push('_Left out (size limit); run `tsimage dockerfile` on the image._');
    }
    out.push('');
    out.push('</details>');
    out.push('');
  }
  return out.join('\n');
}

/**
 * The reconstruction (issue 3) when the report has it; else each history entry parsed back into its
 * Dockerfile instruction (no base-image boundary, no recovered COPY sources: that is the reconstruction's job).
 */
function dockerfileText(report: AnalysisReport): { title: string; text: string } {
  if (report.dockerfile) return { title: 'Reconstructed Dockerfile', text: report.dockerfile.endsWith('\n') ? report.dockerfile : report.dockerfile + '\n' };
  const lines = report.history.map((h) => {
    if (!h.createdBy.trim()) return h.comment ? `# ${h.comment.replace(/\s+/g, ' ')}` : '';
    return instructionLine(h.createdBy);
  }).filter((l) => l !== '');
  return { title: 'Dockerfile from the image history', text: lines.length ? lines.join('\n') + '\n' : '' };
}

/** One history `created_by` as the Dockerfile line that wrote it; an unknown shape stays verbatim, as a comment. */
function instructionLine(createdBy: string): string {
  const parsed = parseCreatedBy(createdBy);
  if (parsed.instruction === 'UNKNOWN') return `# ${createdBy.replace(/\s+/g, ' ').trim()}`;
  return `${parsed.instruction} ${parsed.arguments.replace(/\s+/g, ' ')}`.trim();
}

/** A fix that is a Dockerfile line reads best as code; advice in words reads best as text. */
function fixCell(fix: string): string {
  return /^(?:FROM|RUN|COPY|ADD|ENV|ARG|LABEL|USER|WORKDIR|EXPOSE|VOLUME|CMD|ENTRYPOINT|HEALTHCHECK|SHELL|STOPSIGNAL|ONBUILD)\s/.test(fix) ? code(fix) : escapeCell(fix);
}

/** An inline code span that survives a GFM table: pipes escaped, backticks fenced by a longer run. */
function code(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim().replace(/\|/g, '\\|');
  const ticks = '`'.repeat(longestRun(flat, '`') + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${flat}${pad}${ticks}`;
}

function escapeCell(text: string): string {
  return escapeInline(text.replace(/\s+/g, ' ').trim()).replace(/\|/g, '\\|');
}

/** Markdown and HTML specials that would change how a plain sentence renders. */
function escapeInline(text: string): string {
  return text.replace(/[\\`*_[\]<>#]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : '\\' + c));
}

function longestRun(text: string, char: string): number {
  let best = 0;
  let run = 0;
  for (const c of text) {
    run = c === char ? run + 1 : 0;
    best = Math.max(best, run);
  }
  return best;
}

function cutToBytes(text: string, maxBytes: number): string {
  const buffer = Buffer.from(text);
  if (buffer.length <= maxBytes) return text;
  // Drop a partial UTF-8 sequence at the cut.
  return buffer.subarray(0, Math.max(0, maxBytes)).toString('utf8').replace(/\uFFFD$/, '');
}
