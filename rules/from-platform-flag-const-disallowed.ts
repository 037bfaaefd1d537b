import { defineRule } from '../src/lint/rule.js';
import { at } from '../src/lint/source-helpers.js';

export default defineRule({
  id: 'from-platform-flag-const-disallowed',
  category: 'hygiene',
  severity: 'warning',
  description: 'FROM --platform with a constant (linux/amd64): the Dockerfile can build for that one platform only',
  buildkit: ['FromPlatformFlagConstDisallowed'],
  docs: {
    why: 'A constant platform pins the stage: a multi-platform build (`--platform linux/amd64,linux/arm64`) builds it for amd64 every time, and an arm64 host emulates. Leave the platform to the command line, or use $BUILDPLATFORM for stages that cross-compile. A stage whose name carries the OS or architecture (`AS build_amd64`, picked with `FROM build_${TARGETARCH}`) is meant for one platform and passes.',
    bad: 'FROM --platform=linux/amd64 alpine:3.20 AS base',
    good: 'FROM --platform=$BUILDPLATFORM alpine:3.20 AS base',
  },
  checkSource(dockerfile, report) {
    for (const stage of dockerfile.stages) {
      const platform = stage.platform;
      if (platform === undefined || platform.includes('$') || platform.trim() === '') continue;
      // As BuildKit: a stage named for its platform's OS or architecture is platform-specific on purpose.
      const [os, arch] = platform.toLowerCase().split('/');
      if (stage.name !== undefined && ((os && stage.name.includes(os)) || (arch && stage.name.includes(arch)))) continue;
      const ins = dockerfile.instructions[stage.fromInstruction];
      report({ message: `FROM --platform flag should not use constant value "${platform}"`, ...at(ins), fix: 'drop --platform (pass --platform to the build), or use --platform=$BUILDPLATFORM' });
    }
  },
});
