import { defineRule } from '../src/lint/rule.js';
import { ownInstructions } from '../src/lint/rule-helpers.js';
import { addOperands } from './add-instead-of-copy.js';
import { at } from '../src/lint/source-helpers.js';

export default defineRule({
  id: 'add-remote-url',
  category: 'layering',
  severity: 'warning',
  description: 'ADD downloads a URL: no checksum, no cleanup, and the download ships as its own layer',
  docs: {
    why: 'ADD <url> fetches at build time without verifying what it got, always stores the download in a layer of its own (an archive is not unpacked), and cannot delete it afterwards. Download in a RUN with a checksum check and unpack and clean up in the same step, or pin it with ADD --checksum.',
    bad: 'ADD https://example.com/tool.tar.gz /tmp/',
    good: 'RUN curl -fsSLo /tmp/tool.tgz https://example.com/tool.tar.gz \\\n && echo "<sha256>  /tmp/tool.tgz" | sha256sum -c - \\\n && tar -xzf /tmp/tool.tgz -C /opt && rm /tmp/tool.tgz',
  },
  check(ctx, report) {
    for (const add of ownInstructions(ctx)) {
      if (add.instruction !== 'ADD') continue;
      let operands;
      try { operands = addOperands(add.arguments); } catch { continue; }
      const urls = operands.hidden === 'url' ? ['a URL (the legacy builder does not record which)'] : operands.sources.filter((s) => /^https?:\/\//i.test(s));
      if (urls.length === 0 || /--checksum=/.test(add.arguments)) continue;
      const dest = operands.destination.replace(/^\/+/, '');
      const layer = add.layerIndex === undefined ? undefined : ctx.image.layers[add.layerIndex];
      report({
        message: `${add.text} downloads ${urls.join(', ')} without a checksum`,
        layerIndex: add.layerIndex,
        instruction: add.text,
        paths: layer?.entries.filter((e) => e.type === 'file').map((e) => e.path) ?? (dest ? [dest] : []),
        fix: `RUN curl -fsSLo /tmp/download ${operands.hidden ? '<url>' : urls[0]} && echo "<sha256>  /tmp/download" | sha256sum -c - && ... && rm /tmp/download`,
      });
    }
  },
  checkSource(dockerfile, report) {
    for (const add of dockerfile.instructions) {
      if (add.keyword !== 'ADD' || add.flags.some((f) => f.name === 'checksum')) continue;
      let operands;
      try { operands = addOperands(add.argumentsWithoutFlags); } catch { continue; }
      const urls = operands.sources.filter((s) => /^https?:\/\//i.test(s));
      if (urls.length === 0) continue;
      report({
        message: `ADD downloads ${urls.join(', ')} without a checksum`,
        ...at(add),
        fix: `ADD --checksum=sha256:<digest> ${urls[0]} ${operands.destination}, or RUN curl -fsSLo /tmp/download ${urls[0]} && echo "<sha256>  /tmp/download" | sha256sum -c - && ... && rm /tmp/download`,
      });
    }
  },
});
