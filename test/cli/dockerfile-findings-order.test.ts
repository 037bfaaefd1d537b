/**
 * `analyze IMAGE --dockerfile FILE` adds the source checks' findings to the image's: the merged list must stay
 * most serious first, as the JSON contract says (issue 14: source-only warnings came after image infos).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers.js';
import { BUSYBOX_BASE, busyboxBaseUnavailable } from '../busybox-base.js';
import { buildTestImage, type TestImage } from '../rules/images.js';

// MAINTAINER and a pipe without pipefail: warnings only the source checks see. Two RUNs and no HEALTHCHECK:
// infos of the image's own checks.
const ORDER_IMAGE: TestImage = {
  name: 'source-order',
  builder: 'legacy',
  dockerfile: `FROM ${BUSYBOX_BASE}\nMAINTAINER someone@example.com\nRUN echo a | cat > /a\nRUN echo b > /b\nUSER app\n`,
  context: {},
};

test('--dockerfile: the merged findings are most serious first', async (t) => {
  const reason = await busyboxBaseUnavailable();
  if (reason) return t.skip(reason);
  const archive = await buildTestImage(ORDER_IMAGE);
  const dir = mkdtempSync(join(tmpdir(), 'tsimage-i14-order-'));
  try {
    writeFileSync(join(dir, 'Dockerfile'), ORDER_IMAGE.dockerfile);
    const { stdout, stderr, code } = await runCli(['analyze', archive, '--dockerfile', join(dir, 'Dockerfile'), '--format', 'json', '--fail-on', 'none']);
    assert.equal(code, 0, stderr);
    const findings: { severity: string; ruleId: string }[] = JSON.parse(stdout).findings;
    assert.deepEqual(findings.map((f) => `${f.severity} ${f.ruleId}`), [
      'warning maintainer-deprecated',
      'warning pipefail',
      'info consecutive-run',
      'info missing-healthcheck',
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
