import { defineRule } from '../src/lint/rule.js';

/** A release this many majors behind the newest is flagged even while it is still supported. */
const MAJORS_BEHIND = 2;

export default defineRule({
  id: 'eol-base',
  category: 'security',
  severity: 'warning',
  description: 'the base distribution or runtime is past its end of life, or several releases behind',
  docs: {
    why: 'After its end-of-life date a release gets no security fixes: every new CVE in its packages stays open. A release several majors behind is close to that date and makes the eventual upgrade bigger. Dates come from rules/data/base-images.json, which cites the vendors\' lifecycle pages.',
    bad: 'FROM debian:10\nFROM node:18-bookworm-slim',
    good: 'FROM debian:12\nFROM node:22-bookworm-slim',
  },
  check(ctx, report) {
    const base = ctx.report.base;
    if (!base) return;
    for (const status of base.eol) {
      if (!status.ended && status.behind < MAJORS_BEHIND) continue;
      const behind = status.behind > 0 ? `${status.behind} newer release${status.behind === 1 ? '' : 's'} exist (latest ${status.latest})` : '';
      report({
        message: status.ended
          ? `${status.subject} reached its end of life on ${status.date}: no more security fixes${behind ? `; ${behind}` : ''} (${status.source})`
          : `${status.subject} is ${status.behind} releases behind (latest ${status.latest}); supported until ${status.date} (${status.source})`,
        layerIndex: base.baseLayers > 0 ? base.baseLayers - 1 : undefined,
        severity: status.ended ? 'warning' : 'info',
        fix: status.latest && status.latest !== status.release ? `move to ${status.product} ${status.latest}` : undefined,
      });
    }
  },
});
