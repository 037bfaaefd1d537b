import { defineRule } from '../src/lint/rule.js';
import { words } from '../src/lint/rule-helpers.js';
import { at } from '../src/lint/source-helpers.js';
import { sourceRuns } from '../src/lint/source-runs.js';
import { aptCalls } from '../src/lint/apt-fix-edits.js';
import { rawEdit } from '../src/lint/source-fix.js';

/**
 * Subcommands apt-get runs the same way. Not `upgrade` (apt's installs new packages, apt-get's does not)
 * nor `list`, `search`, `show` (apt-cache's, or apt's alone).
 */
const SAME_IN_APT_GET = new Set(['install', 'update', 'remove', 'purge', 'autoremove', 'clean', 'autoclean', 'build-dep', 'source']);

/**
 * A word `apt` (quotes stripped) ends where the text ends, at a space or at a quote: without one of those
 * after an `apt` the command has no such word, and splitting every apt-get line into words only to look
 * for one was most of this rule's time on a big file.
 */
export const MAY_SAY_APT = /apt(?:[\s"']|$)/;

export default defineRule({
  id: 'apt-instead-of-apt-get',
  category: 'hygiene',
  severity: 'warning',
  description: 'apt in a RUN: it is the interactive front end, apt-get is the one for scripts',
  hadolint: ['DL3027'],
  docs: {
    why: 'apt is meant for people at a terminal: its output and behaviour may change between releases and it warns that it "does not have a stable CLI interface". apt-get (and apt-cache) keep theirs stable for scripts. One difference to know: apt deletes the downloaded .deb files after installing, apt-get leaves them in /var/cache/apt/archives unless the image\'s apt configuration (Debian\'s docker-clean) or an `apt-get clean` removes them.',
    bad: 'RUN apt update && apt install -y curl',
    good: 'RUN apt-get update && apt-get install -y curl',
  },
  checkSource(dockerfile, report) {
    for (const { ins, commands } of sourceRuns(dockerfile)) {
      const uses = commands.filter((c) => c.apt !== undefined && MAY_SAY_APT.test(c.text) && words(c.text).includes('apt'));
      if (uses.length === 0) continue;
      // Safe: the same packages, the same files (but see docs.why on downloaded .deb files).
      const edits = aptCalls(ins).filter((c) => c.tool === 'apt' && c.subcommand !== undefined && SAME_IN_APT_GET.has(c.subcommand)).map((c) => rawEdit(ins, c.start, c.end, 'apt-get'));
      report({
        message: `${uses[0].text.replace(/\s+/g, ' ').slice(0, 60)}: use apt-get (apt has no stable command-line interface for scripts)`,
        ...at(ins),
        fix: 'apt-get ' + (uses[0].apt ?? 'install'),
        ...(edits.length ? { autofix: { safety: 'safe' as const, description: 'replace apt with apt-get', edits } } : {}),
      });
    }
  },
});
