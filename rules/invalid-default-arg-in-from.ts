import { AUTOMATIC_PLATFORM_ARGS, expandVariables, globalArgs, variableUses } from '../src/lint/build-variables.js';
import { defineRule } from '../src/lint/rule.js';
import { at } from '../src/lint/source-helpers.js';

/** An image reference as the distribution spec allows it: [registry/]path[:tag][@digest]. */
const REFERENCE = /^(?:(?:[a-zA-Z0-9-]+(?:\.[a-zA-Z0-9-]+)*(?::[0-9]+)?|localhost(?::[0-9]+)?)\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$/;

/** Plausible values of the automatic platform ARGs, so `FROM build_${TARGETARCH}` expands to a name. */
const PLATFORM_VALUES: Record<string, string> = {
  BUILDPLATFORM: 'linux/amd64', TARGETPLATFORM: 'linux/amd64', BUILDOS: 'linux', TARGETOS: 'linux', BUILDARCH: 'amd64', TARGETARCH: 'amd64', BUILDVARIANT: '', TARGETVARIANT: '',
};

export default defineRule({
  id: 'invalid-default-arg-in-from',
  category: 'hygiene',
  severity: 'warning',
  description: 'with its ARGs\' defaults, a FROM names no valid image (an ARG without a default leaves alpine:${TAG} as alpine:)',
  buildkit: ['InvalidDefaultArgInFrom'],
  docs: {
    why: 'A FROM built from ARGs must still name an image when nobody passes --build-arg: `ARG TAG` without a default makes `FROM alpine:${TAG}` the invalid `alpine:`, and the build fails for everyone who does not know the argument. Give the ARG a default that works.',
    bad: 'ARG TAG\nFROM alpine:${TAG}',
    good: 'ARG TAG=3.20\nFROM alpine:${TAG}',
  },
  checkSource(dockerfile, report) {
    const declared = globalArgs(dockerfile);
    const values = new Map<string, string | undefined>([...Object.entries(PLATFORM_VALUES), ...declared]);
    for (const stage of dockerfile.stages) {
      const uses = variableUses(stage.baseImage, dockerfile.escapeChar);
      // An undeclared ARG is undefined-arg-in-from's finding; this rule judges the declared defaults.
      if (uses.length === 0 || uses.some((u) => !declared.has(u.name) && !AUTOMATIC_PLATFORM_ARGS.has(u.name))) continue;
      const expanded = expandVariables(stage.baseImage, values);
      if (REFERENCE.test(expanded)) continue;
      const empty = uses.filter((u) => !u.guarded && (declared.get(u.name) ?? '') === '' && declared.has(u.name)).map((u) => u.name);
      report({
        message: `default value for ARG ${stage.baseImage} results in ${expanded === '' ? 'an empty' : `an invalid ("${expanded}")`} base image name`,
        ...at(dockerfile.instructions[stage.fromInstruction]),
        fix: empty.length ? `ARG ${empty[0]}=<a default that names an image>` : 'give the ARGs defaults that name an image',
      });
    }
  },
});
