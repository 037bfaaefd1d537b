import { defineRule } from '../src/lint/rule.js';
import { ownInstructions, plural } from '../src/lint/rule-helpers.js';
import type { RuleInstruction } from '../src/lint/rule.js';
import { at } from '../src/lint/source-helpers.js';
import type { DockerfileInstruction, ParsedDockerfile } from '../src/dockerfile/parse.js';
import { appendEdit, argumentsStart, canAppendCommand, rawEdit, withFix, type SourceFix, type TextEdit } from '../src/lint/source-fix.js';

/**
 * Unsafe (fewer layers, and a step that relied on a fresh shell or its own cache entry now shares both):
 * joins the RUNs into one with ` \` and `&&`. Only shell-form RUNs without heredocs, with the same flags,
 * whose lines end in a command (not a comment, `;` or `&`); blank lines between go (BuildKit warns about
 * empty continuation lines), comments stay, a RUN with an ignore pragma above it keeps its own line.
 */
function joinRuns(df: ParsedDockerfile, runs: DockerfileInstruction[], commentLines: ReadonlySet<number>): SourceFix | undefined {
  const flags = (ins: DockerfileInstruction) => JSON.stringify(ins.flags);
  if (runs.some((r) => r.form !== 'shell' || r.heredocs.length > 0 || flags(r) !== flags(runs[0]))) return undefined;
  if (runs.slice(0, -1).some((r) => !canAppendCommand(r))) return undefined;
  if (runs.slice(1).some((r) => r.comments.some((c) => c.line < r.startLine && /ignore\s*=/.test(c.text)))) return undefined;
  const edits: TextEdit[] = [];
  for (let i = 1; i < runs.length; i++) {
    edits.push(appendEdit(runs[i - 1], ` ${df.escapeChar}`));
    for (let line = runs[i - 1].endLine + 1; line < runs[i].startLine; line++) {
      if (!commentLines.has(line)) edits.push({ line, column: 1, endLine: line + 1, endColumn: 1, text: '' });
    }
    edits.push(rawEdit(runs[i], 0, argumentsStart(runs[i]), ' && '));
  }
  return { safety: 'unsafe', description: `join ${runs.length} RUN instructions into one`, edits };
}

/** Longer streaks get no autofix, and their fix shows the first RUNs joined and says how many more follow. */
const MAX_JOINED = 100;
const SHOWN_IN_FIX = 10;

function joinedRun(runs: DockerfileInstruction[]): string {
  const shown = runs.length <= MAX_JOINED ? runs : runs.slice(0, SHOWN_IN_FIX);
  const more = runs.length - shown.length;
  return `RUN ${shown.map((r) => r.argumentsWithoutFlags.trim()).join(' \\\n && ')}${more ? ` \\\n && … (the other ${more} RUNs joined the same way)` : ''}`;
}

export default defineRule({
  id: 'consecutive-run',
  category: 'layering',
  severity: 'info',
  description: 'consecutive RUN instructions that could be one layer',
  hadolint: ['DL3059'],
  docs: {
    why: 'Every RUN makes a layer. Consecutive RUNs that belong together cost a layer each, and a file one of them writes and a later one deletes ships anyway. Join steps that belong together with `&&`; keep separate RUNs only where a cache boundary helps (a slow install before fast-changing steps).',
    bad: 'RUN apt-get update\nRUN apt-get install -y --no-install-recommends curl\nRUN rm -rf /var/lib/apt/lists/*',
    good: 'RUN apt-get update \\\n && apt-get install -y --no-install-recommends curl \\\n && rm -rf /var/lib/apt/lists/*',
  },
  check(ctx, report) {
    // Runs of RUN instructions adjacent in the history: nothing (not even ENV) between them.
    const own = ownInstructions(ctx).sort((a, b) => a.historyIndex - b.historyIndex);
    let streak: RuleInstruction[] = [];
    const flush = () => {
      if (streak.length >= 2) {
        const first = streak[0];
        const last = streak[streak.length - 1];
        report({
          message: `${plural(streak.length, 'consecutive RUN instruction')} (history ${first.historyIndex}-${last.historyIndex}) make ${plural(streak.filter((s) => s.layerIndex !== undefined).length, 'layer')}; join them with && where they belong together`,
          layerIndex: first.layerIndex,
          historyIndex: first.historyIndex,
          instruction: first.text,
          paths: [],
          fix: `RUN ${streak.map((s) => s.arguments.trim()).join(' \\\n && ')}`,
        });
      }
      streak = [];
    };
    for (const ins of own) {
      const adjacent = streak.length > 0 && ins.historyIndex === streak[streak.length - 1].historyIndex + 1;
      if (ins.instruction === 'RUN' && (streak.length === 0 || adjacent)) { streak.push(ins); continue; }
      flush();
      if (ins.instruction === 'RUN') streak.push(ins);
    }
    flush();
  },
  checkSource(dockerfile, report) {
    // RUNs next to each other in one stage (comments and blank lines between do not break a streak).
    const streaks: DockerfileInstruction[][] = [];
    let streak: DockerfileInstruction[] = [];
    for (const ins of dockerfile.instructions) {
      const last = streak[streak.length - 1];
      if (ins.keyword === 'RUN' && last && last.stageIndex === ins.stageIndex) { streak.push(ins); continue; }
      if (streak.length >= 2) streaks.push(streak);
      streak = ins.keyword === 'RUN' ? [ins] : [];
    }
    if (streak.length >= 2) streaks.push(streak);
    // Once per file, not per streak: a set per streak was quadratic on a file of 12,000 stages.
    const commentLines = new Set(dockerfile.comments.map((c) => c.line));
    for (const runs of streaks) {
      const first = runs[0];
      const last = runs[runs.length - 1];
      report({
        message: `${plural(runs.length, 'consecutive RUN instruction')} (lines ${first.startLine}-${last.startLine}) make ${plural(runs.length, 'layer')}; join them with && where they belong together`,
        ...at(first),
        endLine: last.endLine,
        fix: joinedRun(runs),
        // Joining hundreds of RUNs into one is a decision to make by hand, and the edits would be as large as the file.
        ...(runs.length <= MAX_JOINED ? withFix(joinRuns(dockerfile, runs, commentLines)) : {}),
      });
    }
  },
});
