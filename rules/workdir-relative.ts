import { defineRule } from '../src/lint/rule.js';
import { firstStageNamed, stageInstructions } from '../src/dockerfile/parse.js';
import { at, isStageReference } from '../src/lint/source-helpers.js';

export default defineRule({
  id: 'workdir-relative',
  category: 'hygiene',
  severity: 'warning',
  description: 'WORKDIR with a relative path: where it lands depends on every WORKDIR before it and on the base image',
  hadolint: ['DL3000'],
  buildkit: ['WorkdirRelativePath'],
  docs: {
    why: 'A relative WORKDIR is resolved against the previous WORKDIR, which may come from the base image: change the base and the app moves. An absolute path says where it is. A relative WORKDIR after an absolute one in the same stage chain passes (BuildKit\'s WorkdirRelativePath reads it so too).',
    bad: 'WORKDIR app',
    good: 'WORKDIR /app',
  },
  checkSource(dockerfile, report) {
    // As BuildKit: a relative WORKDIR after an absolute one (in the stage or a stage it is built FROM) lands
    // where the Dockerfile says; only one that rests on the base image's WORKDIR is fragile.
    const absoluteSet = new Set<number>();
    for (const stage of dockerfile.stages) {
      const parent = isStageReference(dockerfile, stage) ? firstStageNamed(dockerfile, stage.baseImage.toLowerCase()) : undefined;
      let anchored = parent !== undefined && absoluteSet.has(parent.index);
      for (const ins of stageInstructions(dockerfile, stage.index)) {
        if (ins.keyword !== 'WORKDIR') continue;
        const dir = ins.argumentsWithoutFlags.trim().replace(/^(["'])(.*)\1$/, '$2');
        // Variables are decided at build time; `C:\app` and `/app` are absolute.
        if (dir === '' || dir.startsWith('/') || dir.startsWith('$') || /^[A-Za-z]:[\\/]/.test(dir)) { anchored = true; continue; }
        if (anchored) continue;
        report({ message: `WORKDIR ${dir} is relative to the base image's working directory`, ...at(ins), fix: `WORKDIR /${dir.replace(/^\.\//, '')}` });
      }
      if (anchored) absoluteSet.add(stage.index);
    }
  },
});
