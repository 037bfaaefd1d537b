import { defineRule } from '../src/lint/rule.js';
import { at } from '../src/lint/source-helpers.js';
import { isAptCommand, sourceRuns } from '../src/lint/source-runs.js';
import { insertAfterSubcommand } from '../src/lint/apt-fix-edits.js';

/** What answers apt-get's prompt: -y and its spellings, and -qq / -q=2, which imply it. */
const ASSUME_YES = /(^|\s)(-[a-zA-Z]*y[a-zA-Z]*|--yes|--assume-yes|-[a-zA-Z]*qq[a-zA-Z]*|-q=?2|--quiet=2)(?=\s|$)/;

export default defineRule({
  id: 'apt-get-without-yes',
  category: 'hygiene',
  severity: 'warning',
  description: 'apt-get install without -y: the build stops at the confirmation prompt',
  hadolint: ['DL3014'],
  docs: {
    why: 'A build has no terminal to answer apt-get\'s "Do you want to continue? [Y/n]". Without -y the install aborts as soon as it has anything to confirm (an extra dependency is enough), so a Dockerfile that built yesterday fails when a package gains a dependency.',
    bad: 'RUN apt-get update && apt-get install curl',
    good: 'RUN apt-get update && apt-get install -y curl',
  },
  checkSource(dockerfile, report) {
    for (const { ins, commands } of sourceRuns(dockerfile)) {
      const missing = commands.filter((c) => isAptCommand(c, 'install') && /^(?:sudo\s+)?(?:[A-Z_]+=\S+\s+)*apt-get\b/.test(c.text) && !ASSUME_YES.test(c.text)).map((c) => c.text);
      if (missing.length === 0) continue;
      // Safe: when apt-get had nothing to confirm, -y changes nothing; when it had, the build failed.
      const edits = insertAfterSubcommand(ins, ['install'], '-y', (command) => command.startsWith('apt-get') && !ASSUME_YES.test(command));
      report({
        message: `${missing[0].replace(/\s+/g, ' ').slice(0, 60)} has no -y: the build cannot answer apt-get's prompt`,
        ...at(ins),
        fix: 'apt-get install -y ...',
        ...(edits.length ? { autofix: { safety: 'safe' as const, description: 'add -y to apt-get install', edits } } : {}),
      });
    }
  },
});
