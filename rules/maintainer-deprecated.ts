import { defineRule } from '../src/lint/rule.js';
import { at } from '../src/lint/source-helpers.js';

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
      report({ message: 'MAINTAINER is deprecated', ...at(ins), fix: `LABEL org.opencontainers.image.authors=${JSON.stringify(who)}` });
    }
  },
});
