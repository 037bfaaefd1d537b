import { defineRule } from '../src/lint/rule.js';
import { at, instructionLine } from '../src/lint/source-helpers.js';

export default defineRule({
  id: 'no-empty-continuation',
  category: 'hygiene',
  severity: 'warning',
  description: 'an empty line inside a line continuation: the builder skips it today, a later Dockerfile syntax will refuse it',
  buildkit: ['NoEmptyContinuation'],
  docs: {
    why: 'A blank line after a trailing backslash looks like the end of the instruction, but the builder skips it and carries on: the lines below still belong to the RUN. BuildKit warns that empty continuation lines will become errors. Delete the blank line, or use a comment line if it separates steps.',
    bad: 'RUN apk add --no-cache \\\n\n    curl',
    good: 'RUN apk add --no-cache \\\n    curl',
  },
  checkSource(dockerfile, report) {
    for (const ins of dockerfile.instructions) {
      if (ins.startLine === ins.endLine) continue;
      // Heredoc bodies follow the instruction's lines: their blank lines are data.
      const lastContinued = ins.heredocs.length ? ins.heredocs[0].startLine - 1 : ins.endLine;
      const lines = ins.raw.split('\n').slice(0, lastContinued - ins.startLine + 1);
      const empty = lines.findIndex((l, i) => i > 0 && l.trim() === '');
      if (empty < 0) continue;
      report({ message: `empty continuation line (line ${ins.startLine + empty}) in: ${instructionLine(ins)}`, ...at(ins), fix: `delete the empty line ${ins.startLine + empty}` });
    }
  },
});
