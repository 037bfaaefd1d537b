import { defineRule } from '../src/lint/rule.js';
import { at, shippedInstructions } from '../src/lint/source-helpers.js';
import { argumentsStart, isSingleLine, rawEdit, withFix, type SourceFix } from '../src/lint/source-fix.js';
import type { DockerfileInstruction } from '../src/dockerfile/parse.js';

const PLAIN_WORDS = /^[\w./-]+( [\w./=:-]+)*$/;

/**
 * Unsafe (no shell any more: no variable expansion, no SHELL, and an ENTRYPOINT in JSON form takes CMD as
 * arguments): plain words become a JSON list; one command with shell syntax becomes `sh -c "exec ..."`,
 * so the app replaces the shell as PID 1. A script of several commands is left alone: `exec` would end it
 * after the first.
 */
function execForm(ins: DockerfileInstruction, script: string): SourceFix | undefined {
  if (!isSingleLine(ins)) return undefined;
  let json: string;
  if (PLAIN_WORDS.test(script)) json = JSON.stringify(script.split(/\s+/));
  else if (!/[;&|\n`]|\$\(/.test(script)) json = JSON.stringify(['/bin/sh', '-c', `exec ${script}`]);
  else return undefined;
  const start = argumentsStart(ins);
  return { safety: 'unsafe', description: `write ${ins.keyword} in JSON (exec) form`, edits: [rawEdit(ins, start, ins.raw.trimEnd().length, json.replace(/","/g, '", "'))] };
}

const SHELL = /^(\/usr)?(\/bin\/)?(sh|bash|ash|dash)$/;

/** The script of a shell-form command (`["/bin/sh", "-c", "script"]`), undefined for exec form. */
export function shellFormScript(argv: string[] | undefined): string | undefined {
  if (!argv || argv.length < 3 || !SHELL.test(argv[0]) || !/^-[a-z]*c$/.test(argv[1])) return undefined;
  return argv.slice(2).join(' ');
}

export default defineRule({
  id: 'shell-form-entrypoint',
  category: 'hygiene',
  severity: 'warning',
  description: 'ENTRYPOINT or CMD in shell form: the app runs under /bin/sh -c and never gets SIGTERM',
  hadolint: ['DL3025'],
  buildkit: ['JSONArgsRecommended'],
  docs: {
    why: 'In shell form the container\'s PID 1 is `/bin/sh -c`, which does not pass signals on: `docker stop` waits for its timeout and then kills the app, with no graceful shutdown. Use the JSON (exec) form, or `exec` the app from the shell.',
    bad: 'ENTRYPOINT node server.js',
    good: 'ENTRYPOINT ["node", "server.js"]',
  },
  check(ctx, report) {
    const { Entrypoint, Cmd } = ctx.image.config;
    const which = Entrypoint?.length ? 'ENTRYPOINT' : 'CMD';
    const argv = Entrypoint?.length ? Entrypoint : Cmd;
    const script = shellFormScript(argv);
    // `exec app` replaces the shell: signals reach the app.
    if (script === undefined || /^\s*exec\s/.test(script)) return;
    const words = script.trim().split(/\s+/);
    report({
      message: `${which} runs \`${script}\` through ${argv![0]} -c: the shell is PID 1 and does not forward SIGTERM to the app`,
      instruction: `${which} ${script}`,
      paths: [],
      fix: /^[\w./-]+( [\w./=:-]+)*$/.test(script.trim()) ? `${which} ${JSON.stringify(words)}` : `${which} ["/bin/sh", "-c", "exec ${script.replace(/"/g, '\\"')}"]`,
    });
  },
  checkSource(dockerfile, report) {
    // The command that runs: the last ENTRYPOINT of the final image, else its last CMD.
    const shipped = shippedInstructions(dockerfile);
    const last = (keyword: string) => shipped.filter((i) => i.keyword === keyword).pop();
    const ins = last('ENTRYPOINT') ?? last('CMD');
    if (!ins || ins.form === 'exec') return;
    // As BuildKit: a SHELL set before it in the stage chain says the shell form is meant (PowerShell, bash -c).
    if (shipped.some((i) => i.keyword === 'SHELL' && i.startLine < ins.startLine)) return;
    const script = ins.argumentsWithoutFlags.trim();
    if (script === '' || /^exec\s/.test(script)) return;
    report({
      message: `${ins.keyword} ${script} is in shell form: it runs under /bin/sh -c, which is PID 1 and does not forward SIGTERM to the app`,
      ...at(ins),
      fix: /^[\w./-]+( [\w./=:-]+)*$/.test(script) ? `${ins.keyword} ${JSON.stringify(script.split(/\s+/))}` : `${ins.keyword} ["/bin/sh", "-c", "exec ${script.replace(/"/g, '\\"')}"]`,
      ...withFix(execForm(ins, script)),
    });
  },
});
