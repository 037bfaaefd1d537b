import { defineRule } from '../src/lint/rule.js';
import { formatBytes } from '../src/bytes.js';

/** A saving of at least half the image is worth a warning; smaller ones are offered as information. */
const WARNING_SHARE = 0.5;

export default defineRule({
  id: 'smaller-base',
  category: 'bloat',
  severity: 'info',
  description: 'a smaller base image would keep what the image needs',
  docs: {
    why: 'The base image is often most of an image\'s bytes. A slim, distroless or static base that keeps the same runtime major, libc and package manager cuts pull time, disk and the packages a scanner has to clear. Sizes come from rules/data/base-images.json, which cites where each figure is from; savings are estimates against the measured base layers.',
    bad: 'FROM debian:12\nCOPY server /app/server   # a static Go binary\nENTRYPOINT ["/app/server"]',
    good: 'FROM gcr.io/distroless/static-debian12\nCOPY server /app/server\nENTRYPOINT ["/app/server"]',
  },
  check(ctx, report) {
    const base = ctx.report.base;
    const best = base?.alternatives[0];
    if (!base || !best) return;
    const others = base.alternatives.slice(1).map((a) => `${a.ref} (saves ${a.estimate ? '~' : ''}${formatBytes(a.estimatedSavingBytes)})`);
    const cautions = best.cautions.length ? `; check first: ${best.cautions.join('; ')}` : '';
    report({
      message: `the base ${base.guess.image} (${formatBytes(base.currentBytes)}) could be ${best.ref} (${best.estimate ? '~' : ''}${formatBytes(best.bytes)}), saving ${best.estimate ? 'about ' : ''}${formatBytes(best.estimatedSavingBytes)}${cautions}${others.length ? `; also: ${others.join(', ')}` : ''}`,
      layerIndex: base.baseLayers > 0 ? base.baseLayers - 1 : undefined,
      bytes: best.estimatedSavingBytes,
      fix: best.from,
      severity: best.estimatedSavingBytes >= ctx.report.totalBytes * WARNING_SHARE ? 'warning' : undefined,
    });
  },
});
