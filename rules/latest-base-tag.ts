import { defineRule } from '../src/lint/rule.js';
import { at, isStageReference } from '../src/lint/source-helpers.js';

/** OCI's annotation for the base image, which BuildKit and others also write as a label. */
const BASE_NAME = 'org.opencontainers.image.base.name';
const BASE_DIGEST = 'org.opencontainers.image.base.digest';

/** The tag of an image reference, '' when it has none; undefined when it is pinned by digest. */
export function referenceTag(reference: string): string | undefined {
  if (reference.includes('@sha256:')) return undefined;
  const lastSlash = reference.lastIndexOf('/');
  const colon = reference.indexOf(':', lastSlash + 1);
  return colon === -1 ? '' : reference.slice(colon + 1);
}

export default defineRule({
  id: 'latest-base-tag',
  category: 'hygiene',
  severity: 'warning',
  description: 'the base image is named by :latest or no tag, so rebuilds pick up whatever it is today',
  hadolint: ['DL3006', 'DL3007'],
  docs: {
    why: 'FROM image or FROM image:latest builds on whatever that tag points to on the day of the build: a rebuild can change OS version, libraries and size without any change to the Dockerfile. Pin a version tag, ideally with its digest.',
    bad: 'FROM node:latest',
    good: 'FROM node:20.11-bookworm-slim@sha256:<digest>',
  },
  check(ctx, report) {
    // An image does not record its FROM line; the base-name label or annotation is the evidence there is.
    const name = ctx.image.config.Labels[BASE_NAME] ?? (typeof ctx.image.rawConfig.annotations === 'object' ? (ctx.image.rawConfig.annotations as Record<string, string>)[BASE_NAME] : undefined);
    if (!name || ctx.image.config.Labels[BASE_DIGEST]) return;
    const tag = referenceTag(name);
    if (tag !== '' && tag !== 'latest') return;
    report({
      message: `the base image ${name} is ${tag === '' ? 'not tagged (so :latest)' : 'tagged :latest'} and not pinned by digest`,
      instruction: `FROM ${name}`,
      paths: [],
      fix: `FROM ${name.replace(/:latest$/, '')}:<version>@sha256:<digest>`,
    });
  },
  checkSource(dockerfile, report) {
    for (const stage of dockerfile.stages) {
      const name = stage.baseImage;
      // scratch is no image; a stage name is judged at its own FROM; `$BASE` is decided by the build.
      if (name.toLowerCase() === 'scratch' || isStageReference(dockerfile, stage) || name.includes('$')) continue;
      const tag = referenceTag(name);
      if (tag !== '' && tag !== 'latest') continue;
      report({
        message: `FROM ${name} is ${tag === '' ? 'not tagged (so :latest)' : 'tagged :latest'}: rebuilds pick up whatever it is that day`,
        ...at(dockerfile.instructions[stage.fromInstruction]),
        fix: `FROM ${name.replace(/:latest$/, '')}:<version>@sha256:<digest>`,
      });
    }
  },
});
