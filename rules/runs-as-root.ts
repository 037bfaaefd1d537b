import { defineRule } from '../src/lint/rule.js';
import { followedOnLine } from '../src/lint/followed-on-line.js';
import { hasImageConfig } from '../src/lint/rule-helpers.js';
import { stageChain } from '../src/dockerfile/parse.js';
import { at } from '../src/lint/source-helpers.js';

/** True for a USER that means uid 0: empty, root, 0, with or without a group. */
export function isRootUser(user: string | undefined): boolean {
  const name = (user ?? '').trim().split(':')[0];
  return name === '' || name === 'root' || name === '0';
}

export default defineRule({
  id: 'runs-as-root',
  category: 'security',
  severity: 'warning',
  description: 'the image runs as root: no USER, or USER root',
  hadolint: ['DL3002'],
  docs: {
    why: 'A process running as root inside the container is root on the host if it escapes (a kernel or runtime bug, a mounted socket, a privileged flag). Create an unprivileged user and switch to it at the end of the Dockerfile.',
    bad: 'FROM debian:bookworm-slim\nCOPY app /usr/local/bin/app\nCMD ["app"]',
    good: 'FROM debian:bookworm-slim\nRUN useradd --system --uid 10001 app\nCOPY app /usr/local/bin/app\nUSER 10001\nCMD ["app"]',
  },
  check(ctx, report) {
    if (!hasImageConfig(ctx)) return;
    const user = ctx.image.config.User;
    if (!isRootUser(user)) return;
    report({
      message: user ? `the image runs as ${user} (USER ${user})` : 'the image sets no USER, so it runs as root',
      instruction: user ? `USER ${user}` : undefined,
      paths: [],
      fix: 'USER 10001 (an unprivileged user created in the image), as the last USER instruction',
    });
  },
  checkSource(dockerfile, report) {
    const chain = stageChain(dockerfile);
    if (chain.length === 0) return;
    const inChain = new Set(chain.map((s) => s.index));
    // Any stage can be built alone (`docker build --target`): one that ends on USER root runs as root then.
    // Only info, as the default build ships the final stage (hadolint's DL3002 reads every stage alike).
    // Each stage's last USER in one pass: a filter per stage was quadratic on a file of 12,000 stages.
    const lastUser = new Map<number, (typeof dockerfile.instructions)[number]>();
    for (const i of dockerfile.instructions) if (i.keyword === 'USER') lastUser.set(i.stageIndex, i);
    for (const stage of dockerfile.stages) {
      if (inChain.has(stage.index)) continue;
      const last = lastUser.get(stage.index);
      if (!last || !isRootUser(last.argumentsWithoutFlags)) continue;
      const name = stage.name ?? String(stage.index);
      report({ message: `stage ${name} ends on USER ${last.argumentsWithoutFlags.trim()}: built with --target ${name} it runs as root`, ...at(last), severity: 'info', fix: 'USER 10001 (an unprivileged user) at the end of the stage, or drop the USER root if the stage is only built from' });
    }
    const users = dockerfile.instructions.filter((i) => i.keyword === 'USER' && inChain.has(i.stageIndex));
    const last = users[users.length - 1];
    const final = dockerfile.instructions[chain[chain.length - 1].fromInstruction];
    // No USER at all: the base image may set one, which only an image check can see; say so.
    if (!last) {
      if (chain[0].baseImage.toLowerCase() === 'scratch' || followedOnLine(chain[0].baseImage, /\b(distroless|chainguard)\b/g, /nonroot/g) || /:nonroot\b/.test(chain[0].baseImage)) return;
      report({ message: `no USER in the final stage: the container runs as root unless the base image ${chain[0].baseImage} sets a user`, ...at(final), fix: 'USER 10001 (an unprivileged user created in the image), as the last USER instruction' });
      return;
    }
    const user = last.argumentsWithoutFlags.trim();
    if (!isRootUser(user)) return;
    report({ message: `the last USER is ${user}: the container runs as root`, ...at(last), fix: 'USER 10001 (an unprivileged user created in the image), as the last USER instruction' });
  },
});
