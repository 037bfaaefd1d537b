import { defineRule } from '../src/lint/rule.js';
import { ownInstructions, plural } from '../src/lint/rule-helpers.js';
import type { RuleInstruction } from '../src/lint/rule.js';
import { at } from '../src/lint/source-helpers.js';
import type { DockerfileInstruction } from '../src/dockerfile/parse.js';

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
    for (const runs of streaks) {
      const first = runs[0];
      const last = runs[runs.length - 1];
      report({
        message: `${plural(runs.length, 'consecutive RUN instruction')} (lines ${first.startLine}-${last.startLine}) make ${plural(runs.length, 'layer')}; join them with && where they belong together`,
        ...at(first),
        endLine: last.endLine,
        fix: `RUN ${runs.map((r) => r.argumentsWithoutFlags.trim()).join(' \\\n && ')}`,
      });
    }
  },
});
