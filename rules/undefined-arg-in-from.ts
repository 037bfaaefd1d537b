import { AUTOMATIC_PLATFORM_ARGS, closestName, globalArgs, variableUses } from '../src/lint/build-variables.js';
import { defineRule } from '../src/lint/rule.js';
import { at } from '../src/lint/source-helpers.js';

export default defineRule({
  id: 'undefined-arg-in-from',
  category: 'hygiene',
  severity: 'warning',
  description: 'FROM uses a build argument that no ARG before the first FROM declares',
  buildkit: ['UndefinedArgInFrom'],
  docs: {
    why: 'FROM expands only the ARGs declared before the first FROM (and the automatic platform ARGs). An undeclared one expands to nothing unless every build passes --build-arg, so `FROM node:22${VARIANT}` silently becomes `FROM node:22`; a misspelt `$BUILDPLATFROM` does the same. A `${NAME:-default}` says what happens when it is unset and passes.',
    bad: 'FROM node:22${VARIANT} AS build',
    good: 'ARG VARIANT=-alpine3.20\nFROM node:22${VARIANT} AS build',
  },
  checkSource(dockerfile, report) {
    const declared = globalArgs(dockerfile);
    const known = [...declared.keys(), ...AUTOMATIC_PLATFORM_ARGS];
    for (const stage of dockerfile.stages) {
      const ins = dockerfile.instructions[stage.fromInstruction];
      const seen = new Set<string>();
      for (const use of variableUses(`${stage.platform ?? ''} ${stage.baseImage}`, dockerfile.escapeChar)) {
        if (use.guarded || declared.has(use.name) || AUTOMATIC_PLATFORM_ARGS.has(use.name) || seen.has(use.name)) continue;
        seen.add(use.name);
        const near = closestName(use.name, known);
        report({ message: `FROM argument '${use.name}' is not declared${near ? ` (did you mean ${near}?)` : ''}`, ...at(ins), fix: near ? `\${${near}}` : `ARG ${use.name}=<default> before the first FROM` });
      }
    }
  },
});
