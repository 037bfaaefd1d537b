import { defineRule } from '../src/lint/rule.js';
import { at } from '../src/lint/source-helpers.js';
import { legacyKeyValueFix } from '../src/lint/casing-fix-edits.js';
import { withFix } from '../src/lint/source-fix.js';

export default defineRule({
  id: 'legacy-key-value-format',
  category: 'hygiene',
  severity: 'warning',
  description: 'ENV or LABEL in the legacy whitespace form (ENV key value) instead of key=value',
  buildkit: ['LegacyKeyValueFormat'],
  docs: {
    why: '`ENV key value` sets one variable to the whole rest of the line, spaces and quotes included, so `ENV A 1 B 2` sets A to "1 B 2". The `key=value` form says where each value ends and sets several at once; the legacy form may be removed.',
    bad: 'ENV NODE_ENV production',
    good: 'ENV NODE_ENV=production',
  },
  checkSource(dockerfile, report) {
    for (const ins of dockerfile.instructions) {
      if (ins.keyword !== 'ENV' && ins.keyword !== 'LABEL') continue;
      const match = /^([^\s=]+)\s+(\S[\s\S]*)$/.exec(ins.argumentsWithoutFlags.trim());
      if (!match) continue;
      const value = match[2].trim();
      const quoted = /^"(?:\\.|[^"\\])*"$|^'[^']*'$/.test(value) || !/[\s"']/.test(value) ? value : JSON.stringify(value);
      report({ message: `"${ins.keyword} key=value" should be used instead of legacy "${ins.keyword} key value" format`, ...at(ins), fix: `${ins.keyword} ${match[1]}=${quoted}`, ...withFix(legacyKeyValueFix(ins)) });
    }
  },
});
