import { defineRule } from '../src/lint/rule.js';
import { hasImageConfig } from '../src/lint/rule-helpers.js';
import { at, shippedInstructions } from '../src/lint/source-helpers.js';

export default defineRule({
  id: 'missing-healthcheck',
  category: 'hygiene',
  severity: 'info',
  description: 'no HEALTHCHECK: the engine cannot tell a hung service from a healthy one',
  docs: {
    why: 'Without a HEALTHCHECK, Docker and Swarm see a container as healthy as long as its process exists, even when it no longer answers. (Kubernetes ignores HEALTHCHECK and uses its own probes; set HEALTHCHECK NONE to say so explicitly.)',
    bad: 'CMD ["node", "server.js"]',
    good: 'HEALTHCHECK --interval=30s --timeout=3s CMD ["wget", "-qO-", "http://localhost:8080/health"]\nCMD ["node", "server.js"]',
  },
  check(ctx, report) {
    if (!hasImageConfig(ctx)) return;
    // HEALTHCHECK NONE is a decision, not an omission.
    if (ctx.image.config.Healthcheck?.Test?.length) return;
    report({
      message: 'the image has no HEALTHCHECK',
      paths: [],
      fix: 'HEALTHCHECK --interval=30s --timeout=3s CMD ["<command that checks the service>"] (or HEALTHCHECK NONE when the orchestrator probes it)',
    });
  },
  checkSource(dockerfile, report) {
    const final = dockerfile.stages[dockerfile.stages.length - 1];
    // HEALTHCHECK NONE counts: it is a decision. A base image's HEALTHCHECK is inherited, which only the image shows.
    if (!final || shippedInstructions(dockerfile).some((i) => i.keyword === 'HEALTHCHECK')) return;
    report({
      message: 'the final stage has no HEALTHCHECK (unless its base image sets one)',
      ...at(dockerfile.instructions[final.fromInstruction]),
      fix: 'HEALTHCHECK --interval=30s --timeout=3s CMD ["<command that checks the service>"] (or HEALTHCHECK NONE when the orchestrator probes it)',
    });
  },
});
