import { stageInstructions, type DockerfileStage } from '../src/dockerfile/parse.js';
import { argDeclarations, closestName, envNames, PROXY_ARGS, variableUses } from '../src/lint/build-variables.js';
import { defineRule } from '../src/lint/rule.js';
import { at, isStageReference } from '../src/lint/source-helpers.js';

/** Instructions whose arguments the builder expands (RUN, CMD and ENTRYPOINT are left to the shell, ONBUILD to the downstream build). */
const EXPANDED = new Set(['ADD', 'COPY', 'ENV', 'EXPOSE', 'LABEL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR', 'ARG']);

/** Variables almost every base image or runtime sets: a near miss of one is a typo worth naming. */
const COMMON_ENV = ['PATH', 'HOME', 'HOSTNAME', 'LANG', 'LC_ALL', 'TERM', 'USER', 'PWD', 'SHELL'];

export default defineRule({
  id: 'undefined-var',
  category: 'hygiene',
  severity: 'warning',
  description: 'an instruction expands a variable that no ARG or ENV of the stage defines',
  buildkit: ['UndefinedVar'],
  docs: {
    why: 'An undefined variable expands to nothing: `COPY $foo .` copies the whole context, `ENV PATH=$PAHT:/app/bin` throws the PATH away. A build argument must be declared with ARG in the stage that uses it (a global ARG too). From source the base image\'s own ENV is unknown, so a variable is reported when the stage starts from scratch (or from stages that do), or when it is a near miss of a defined or common name (the finding says which); `${NAME:-default}` passes. RUN, CMD and ENTRYPOINT are expanded by the shell and are not checked.',
    bad: 'FROM alpine:3.20\nENV PATH=$PAHT:/app/bin',
    good: 'FROM alpine:3.20\nENV PATH=$PATH:/app/bin',
  },
  checkSource(dockerfile, report) {
    // What each stage defines by its end, so `FROM build` starts with what build had.
    const definedAtEnd = new Map<number, Set<string>>();
    const fromScratch = new Map<number, boolean>();
    for (const stage of dockerfile.stages) {
      const parent = isStageReference(dockerfile, stage) ? parentStage(dockerfile.stages, stage) : undefined;
      const defined = new Set<string>(parent ? definedAtEnd.get(parent.index) : []);
      const knownBase = parent ? fromScratch.get(parent.index) === true : stage.baseImage.toLowerCase() === 'scratch';
      fromScratch.set(stage.index, knownBase);
      for (const ins of stageInstructions(dockerfile, stage.index)) {
        if (EXPANDED.has(ins.keyword)) {
          const text = ins.keyword === 'ARG' ? argDeclarations(ins).map(([, v]) => v ?? '').join(' ') : ins.arguments;
          const reported = new Set<string>();
          for (const use of variableUses(text, dockerfile.escapeChar)) {
            if (use.guarded || defined.has(use.name) || PROXY_ARGS.has(use.name) || reported.has(use.name)) continue;
            // Suggestions compare against every defined name: bounded, so a huge Dockerfile stays linear.
            const near = closestName(use.name, defined.size <= 200 ? [...defined, ...COMMON_ENV] : COMMON_ENV);
            if (!knownBase && near === undefined) continue;
            reported.add(use.name);
            report({ message: `usage of undefined variable '$${use.name}'${near ? ` (did you mean $${near}?)` : ''}`, ...at(ins), fix: near ? `$${near}` : `ARG ${use.name} (or ENV ${use.name}=...) earlier in this stage` });
          }
        }
        if (ins.keyword === 'ARG') for (const [name] of argDeclarations(ins)) defined.add(name);
        if (ins.keyword === 'ENV') for (const name of envNames(ins)) defined.add(name);
      }
      definedAtEnd.set(stage.index, defined);
    }
  },
});

function parentStage(stages: readonly DockerfileStage[], stage: DockerfileStage): DockerfileStage | undefined {
  const base = stage.baseImage.toLowerCase();
  return stages.find((s) => s.index < stage.index && s.name === base) ?? (/^\d+$/.test(base) ? stages[Number(base)] : undefined);
}
