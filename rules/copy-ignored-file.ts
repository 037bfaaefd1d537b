import { parseJsonStringArray } from '../src/dockerfile/parse.js';
import { parseDockerignore } from '../src/lint/dockerignore.js';
import { defineRule } from '../src/lint/rule.js';
import { at } from '../src/lint/source-helpers.js';

export default defineRule({
  id: 'copy-ignored-file',
  category: 'hygiene',
  severity: 'error',
  description: 'COPY or ADD of a path the build context\'s .dockerignore leaves out: the build fails or copies less',
  buildkit: ['CopyIgnoredFile'],
  docs: {
    why: 'What .dockerignore matches is not sent to the builder, so `COPY` of it fails with "not found" (or, for a directory, copies only what a `!` pattern brought back). `tsimage lint` reads the .dockerignore of the context (the Dockerfile\'s directory, or --context), and a `NAME.dockerignore` next to the Dockerfile first, as BuildKit does. Sources with wildcards or variables, and directories a `!` pattern may bring back, are left alone.',
    bad: '# .dockerignore: dist\nCOPY dist/app.js /app/',
    good: '# .dockerignore: dist\nRUN npm run build  # build inside the image, or stop ignoring dist',
  },
  checkSource(dockerfile, report, _built, context) {
    if (!context?.dockerignore) return;
    const ignore = parseDockerignore(context.dockerignore);
    for (const ins of dockerfile.instructions) {
      if ((ins.keyword !== 'COPY' && ins.keyword !== 'ADD') || ins.flags.some((f) => f.name === 'from')) continue;
      const words = ins.form === 'exec' ? parseJsonStringArray(ins.argumentsWithoutFlags) ?? [] : ins.argumentsWithoutFlags.split(/\s+/).filter(Boolean);
      for (const source of words.slice(0, -1)) {
        // Heredocs, URLs, git refs, variables and wildcards: not a plain context path.
        if (source.startsWith('<<') || /^[a-z][a-z0-9+.-]*:\/\//i.test(source) || /^git@/.test(source) || /[$*?[]/.test(source)) continue;
        if (!ignore.excludes(source) || ignore.mayReinclude(source)) continue;
        report({ message: `attempting to ${ins.keyword === 'ADD' ? 'Add' : 'Copy'} file "${source}" that is excluded by .dockerignore`, ...at(ins), fix: `stop ignoring ${source} in .dockerignore (add !${source.replace(/^\.\//, '')}), or produce it in the build` });
      }
    }
  },
});
