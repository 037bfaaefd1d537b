import { defineRule } from '../src/lint/rule.js';
import { at } from '../src/lint/source-helpers.js';
import { inKeywordCase, keywordRange, rawEdit, type SourceFix } from '../src/lint/source-fix.js';
import type { DockerfileInstruction } from '../src/dockerfile/parse.js';

const AUTHORS = 'org.opencontainers.image.authors';

/**
 * Safe: only the image config changes (the author becomes a label), never a file. The value goes in double
 * quotes with `"`, `\\` and `$` escaped: LABEL expands variables and MAINTAINER did not. An instruction
 * with comments inside its continuation is left alone rather than lose them.
 */
function labelFix(ins: DockerfileInstruction, who: string): SourceFix | undefined {
  if (who === '' || ins.comments.some((c) => c.line > ins.startLine)) return undefined;
  const value = '"' + who.replace(/[\\"$]/g, (c) => '\\' + c) + '"';
  const [start] = keywordRange(ins);
  return { safety: 'safe', description: `replace MAINTAINER with LABEL ${AUTHORS}`, edits: [rawEdit(ins, start, ins.raw.length, `${inKeywordCase(ins, 'LABEL')} ${AUTHORS}=${value}`)] };
}


export default defineRule({
  id: 'maintainer-deprecated',
  category: 'hygiene',
  severity: 'warning',
  description: 'MAINTAINER is deprecated: use a LABEL',
  hadolint: ['DL4000'],
  buildkit: ['MaintainerDeprecated'],
  docs: {
    why: 'MAINTAINER has been deprecated since Docker 1.13; tools read the maintainer from the OCI label org.opencontainers.image.authors.',
    bad: 'MAINTAINER Jane Doe <jane@example.com>',
    good: 'LABEL org.opencontainers.image.authors="Jane Doe <jane@example.com>"',
  },
  checkSource(dockerfile, report) {
    for (const ins of dockerfile.instructions) {
      if (ins.keyword !== 'MAINTAINER') continue;
      const who = ins.argumentsWithoutFlags.trim();
      const autofix = labelFix(ins, who);
      report({ message: 'MAINTAINER is deprecated', ...at(ins), fix: `LABEL ${AUTHORS}=${JSON.stringify(who)}`, ...(autofix ? { autofix } : {}) });
    }
  },
});
