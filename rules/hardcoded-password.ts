import { defineRule } from '../src/lint/rule.js';
import { layerFiles, ownRuns, runCommand, simpleCommands } from '../src/lint/rule-helpers.js';
import { at } from '../src/lint/source-helpers.js';
import { sourceRuns } from '../src/lint/source-runs.js';
import { followedOnLine } from '../src/lint/followed-on-line.js';

/** `/A.*B/` as followedOnLine tests it: linear on a long line of As (the regex was quadratic). */
const then = (a: RegExp, b: RegExp) => (text: string) => followedOnLine(text, a, b);

/** Commands that set a password from text written into the Dockerfile. */
export const SETS_PASSWORD: { what: string; test: (text: string) => boolean }[] = [
  { what: 'chpasswd', test: (text) => /\bchpasswd\b/.test(text) },
  { what: 'passwd --stdin', test: then(/\bpasswd\b/g, /--stdin/g) },
  { what: 'a password piped into passwd', test: then(/\becho\b/g, /\|\s*passwd\b/g) },
  { what: 'useradd/usermod -p', test: then(/\b(useradd|usermod|adduser)\b/g, /\s(-p|--password)\s+\S/g) },
  { what: 'openssl passwd', test: (text) => /\bopenssl\s+passwd\b/.test(text) },
  { what: 'mysqladmin password', test: then(/\bmysqladmin\b/g, /\bpassword\b/g) },
  { what: 'htpasswd -b', test: then(/\bhtpasswd\b/g, /\s-\w*b/g) },
];

/**
 * Every SETS_PASSWORD test needs one of these words in the text: a script without any is not tested seven
 * times (one list made per RUN, on every RUN of the file).
 */
export const MAY_SET_PASSWORD = /passwd|useradd|usermod|adduser|mysqladmin/;

export default defineRule({
  id: 'hardcoded-password',
  category: 'security',
  severity: 'error',
  description: 'a RUN sets a password from text in the Dockerfile (chpasswd and friends)',
  docs: {
    why: 'The command line of every RUN is stored in the image history, so a password set with `echo user:pass | chpasswd` is readable by anyone who pulls the image, and every container from it shares the same password. Use key-based access, or set credentials at run time from a secret.',
    bad: "RUN echo 'root:hunter2' | chpasswd",
    good: '# no password in the image: inject it at run time, e.g. from /run/secrets, in the entrypoint',
  },
  check(ctx, report) {
    for (const run of ownRuns(ctx)) {
      const hits = simpleCommands(runCommand(run)).length ? SETS_PASSWORD.filter(({ test }) => test(runCommand(run))) : [];
      // `usermod -p '*'` and `passwd -l` lock an account: no password is set.
      if (hits.length === 0 || /\s-p\s+['"]?[*!]['"]?(\s|$)/.test(runCommand(run))) continue;
      // Judge from the layer too: a password change rewrites /etc/shadow (or passwd on shadowless systems).
      const written = run.layerIndex === undefined ? [] : layerFiles(ctx, run.layerIndex).map((e) => e.path).filter((p) => /^etc\/(shadow|passwd|gshadow)$|htpasswd$/.test(p));
      report({
        message: `${run.text.length > 100 ? run.text.slice(0, 100) + '...' : run.text} sets a password with ${hits.map((h) => h.what).join(', ')}: the command, password included, is in the image history${written.length ? ` (layer ${run.layerIndex} rewrote ${written.map((p) => '/' + p).join(', ')})` : ''}`,
        layerIndex: run.layerIndex,
        historyIndex: run.historyIndex,
        instruction: run.text,
        paths: written,
        fix: 'do not bake passwords into the image: use key-based auth, or set the password at run time from a mounted secret',
      });
    }
  },
  checkSource(dockerfile, report) {
    for (const { ins, script } of sourceRuns(dockerfile)) {
      if (!MAY_SET_PASSWORD.test(script)) continue;
      const hits = SETS_PASSWORD.filter(({ test }) => test(script));
      if (hits.length === 0 || /\s-p\s+['"]?[*!]['"]?(\s|$)/.test(script)) continue;
      report({
        message: `this RUN sets a password with ${hits.map((h) => h.what).join(', ')}: the command, password included, goes into the image history`,
        ...at(ins),
        fix: 'do not bake passwords into the image: use key-based auth, or set the password at run time from a mounted secret',
      });
    }
  },
});
