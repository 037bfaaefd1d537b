import { defineRule } from '../src/lint/rule.js';
import { at } from '../src/lint/source-helpers.js';
import { sourceInstalls } from '../src/lint/source-runs.js';

export default defineRule({
  id: 'sorted-package-lists',
  category: 'hygiene',
  severity: 'info',
  description: 'a package list that is not sorted: duplicates hide and diffs are noisier',
  docs: {
    why: "Docker's best-practice guide asks for multi-line package lists sorted alphanumerically: a duplicate is visible at a glance and adding a package changes one line in review.",
    bad: 'RUN apt-get install -y --no-install-recommends \\\n    git \\\n    curl \\\n    ca-certificates',
    good: 'RUN apt-get install -y --no-install-recommends \\\n    ca-certificates \\\n    curl \\\n    git',
  },
  checkSource(dockerfile, report) {
    for (const { ins, request } of sourceInstalls(dockerfile)) {
      if (request.packages.length < 2) continue;
      const names = request.packages.filter((p) => !p.includes('$'));
      const sorted = [...names].sort((a, b) => a.localeCompare(b, 'en'));
      const duplicates = names.filter((p, i) => names.indexOf(p) !== i);
      if (duplicates.length === 0 && sorted.every((p, i) => p === names[i])) continue;
      report({
        message: `${request.manager} package list is ${duplicates.length ? `not sorted and repeats ${[...new Set(duplicates)].join(', ')}` : 'not sorted'}`,
        ...at(ins),
        fix: [...new Set(sorted)].join(' \\\n    '),
      });
    }
  },
});
