import { defineRule } from '../src/lint/rule.js';
import { layerFiles, ownInstructions } from '../src/lint/rule-helpers.js';
import { at, instructionLine } from '../src/lint/source-helpers.js';
import { parseJsonStringArray } from '../src/dockerfile/parse.js';
import { inKeywordCase, keywordEdit } from '../src/lint/source-fix.js';

/** ADD's flags COPY also takes; `--checksum`, `--keep-git-dir` and `--unpack` have no COPY equivalent. */
const COPY_FLAGS = new Set(['chown', 'chmod', 'link']);

const ARCHIVE = /\.(tar|tar\.gz|tgz|tar\.xz|txz|tar\.bz2|tbz2?|tar\.zst|tzst|gz|bz2|xz)$/i;
const URL = /^https?:\/\//i;

/** ADD's sources and destination from its argument text; `hidden` when the legacy builder recorded `file:<sha> in <dest>`. */
export function addOperands(args: string): { sources: string[]; destination: string; hidden?: 'file' | 'dir' | 'multi' | 'url' } {
  const text = args.replace(/^(?:--\S+\s+)*/, '').trim();
  // The legacy builder writes local sources as `file:<sha>` and a download as the bare `<sha>`.
  const download = /^([0-9a-f]{64})\s+in\s+(\S+)\s*$/.exec(text);
  if (download) return { sources: [], destination: download[2], hidden: 'url' };
  const legacy = /^(file|dir|multi):[0-9a-f]{64}\s+in\s+(\S+)\s*$/.exec(text);
  if (legacy) return { sources: [], destination: legacy[2], hidden: legacy[1] as 'file' | 'dir' | 'multi' };
  // A history line or a Dockerfile may hold `[` that is not a JSON list of strings: then it is shell words.
  const tokens = parseJsonStringArray(text) ?? text.split(/\s+/);
  const sources = tokens.slice(0, -1);
  const destination = tokens[tokens.length - 1] ?? '';
  // The shared parser already dropped the ` in `: `file:<sha> /dest`.
  const hidden = sources.length === 1 ? /^(file|dir|multi):[0-9a-f]{64}$/.exec(sources[0]) : null;
  if (hidden) return { sources: [], destination, hidden: hidden[1] as 'file' | 'dir' | 'multi' };
  return { sources, destination };
}

export default defineRule({
  id: 'add-instead-of-copy',
  category: 'layering',
  severity: 'warning',
  description: 'ADD used for plain local files: COPY says what it does',
  hadolint: ['DL3020'],
  docs: {
    why: 'ADD also unpacks local tar archives and fetches URLs, so a reader cannot tell what a line does and a renamed file can silently change behaviour. For files and directories from the build context, COPY does exactly that and nothing more.',
    bad: 'ADD config.yml /etc/app/config.yml',
    good: 'COPY config.yml /etc/app/config.yml',
  },
  check(ctx, report) {
    for (const add of ownInstructions(ctx)) {
      if (add.instruction !== 'ADD' || add.layerIndex === undefined) continue;
      let operands;
      try { operands = addOperands(add.arguments); } catch { continue; }
      if (operands.hidden === 'url' || operands.sources.some((s) => URL.test(s))) continue;
      const files = layerFiles(ctx, add.layerIndex);
      let plain: boolean;
      if (operands.hidden === 'dir') plain = true;
      // The legacy builder hides the source: an unpacked archive writes several files, a plain file one.
      else if (operands.hidden) plain = files.length === 1;
      else plain = operands.sources.length > 0 && !operands.sources.some((s) => ARCHIVE.test(s));
      if (!plain) continue;
      report({
        message: `${add.text} adds local files: use COPY`,
        layerIndex: add.layerIndex,
        instruction: add.text,
        paths: files.map((e) => e.path).slice(0, 20),
        fix: add.text.replace(/^ADD\b/, 'COPY'),
      });
    }
  },
  checkSource(dockerfile, report) {
    for (const add of dockerfile.instructions) {
      if (add.keyword !== 'ADD' || add.heredocs.length > 0) continue;
      let operands;
      try { operands = addOperands(add.argumentsWithoutFlags); } catch { continue; }
      // URLs, git repositories and local archives (which ADD unpacks) are what ADD is for.
      // Shell-form words keep their quotes (`ADD "rootfs.tar.xz" /`): the builder removes them before it looks.
      const sources = operands.sources.map((s) => s.replace(/^(["'])(.*)\1$/, '$2'));
      if (sources.length === 0 || sources.some((s) => URL.test(s) || /^git@|\.git(#.*)?$/.test(s) || ARCHIVE.test(s) || s.includes('$'))) continue;
      report({
        message: `ADD ${operands.sources.join(' ')} adds local files: use COPY`,
        ...at(add),
        fix: instructionLine(add).replace(/^ADD\b/, 'COPY'),
        // Safe: for local files and directories that are not archives, COPY writes the same files ADD does.
        ...(add.flags.every((f) => COPY_FLAGS.has(f.name))
          ? { autofix: { safety: 'safe' as const, description: 'replace ADD with COPY', edits: [keywordEdit(add, inKeywordCase(add, 'COPY'))] } }
          : {}),
      });
    }
  },
});
