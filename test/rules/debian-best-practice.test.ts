/**
 * Issue 14, "Noise": an image built exactly as Docker's best-practices guide says (one RUN that updates,
 * installs with --no-install-recommends and removes the lists, a non-root USER), on a real Debian base made
 * as the official image is, gets no warning a user cannot act on, so `--fail-on warning` passes it.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadBuiltinRules } from '../../src/lint/load-rules.js';
import { runRules } from '../../src/lint/run-rules.js';
import { formatBytes } from '../../src/bytes.js';
import { runCli } from '../helpers.js';
import { DEBIAN_BEST_PRACTICE, debianImage } from './debian-images.js';

test('real Debian best-practice image: no warning, and --fail-on warning passes it', async (t) => {
  const built = await debianImage(DEBIAN_BEST_PRACTICE);
  if (built.skip) return t.skip(built.skip);
  const findings = runRules(built.ctx!, await loadBuiltinRules()).findings;
  assert.deepEqual(findings.filter((f) => f.severity !== 'info').map((f) => `${f.ruleId}: ${f.message}`), []);
  const gate = await runCli(['analyze', built.archive!, '--fail-on', 'warning', '--format', 'json']);
  assert.equal(gate.code, 0, gate.stderr);
});

test('real Debian best-practice image: the package bookkeeping the install rewrote over the base is one info, with its bytes and no saving', async (t) => {
  const built = await debianImage(DEBIAN_BEST_PRACTICE);
  if (built.skip) return t.skip(built.skip);
  const ctx = built.ctx!;
  const rules = (await loadBuiltinRules()).filter((r) => r.id === 'overwritten-in-later-layer' || r.id === 'metadata-copy');
  const findings = runRules(ctx, rules).findings;
  assert.equal(findings.length, 1, findings.map((f) => f.message).join('\n'));
  const [bookkeeping] = findings;
  assert.equal(bookkeeping.ruleId, 'overwritten-in-later-layer');
  assert.equal(bookkeeping.severity, 'info');
  assert.equal(bookkeeping.bytes, undefined);
  assert.equal(bookkeeping.layerIndex, 1);
  for (const path of ['etc/ld.so.cache', 'var/lib/dpkg/status', 'var/cache/debconf/config.dat', 'var/cache/debconf/templates.dat', 'etc/passwd', 'etc/shadow', 'etc/group']) {
    assert.ok(bookkeeping.paths.includes(path), `${path} in ${bookkeeping.paths.join(', ')}`);
  }
  // The bytes are the base layer's own versions of those files, read from the layer's tar entries.
  const base = new Map(ctx.image.layers[0].entries.map((e) => [e.path, e.size]));
  const bytes = bookkeeping.paths.reduce((sum, p) => sum + (base.get(p) ?? 0), 0);
  assert.ok(bytes > 0);
  assert.ok(bookkeeping.message.startsWith(`${formatBytes(bytes)} of the base image's package database`), bookkeeping.message);
});

test('real Debian best-practice image: 58 kB of apt and dpkg logs is info, with a fix that removes them', async (t) => {
  const built = await debianImage(DEBIAN_BEST_PRACTICE);
  if (built.skip) return t.skip(built.skip);
  const rules = (await loadBuiltinRules()).filter((r) => r.id === 'vcs-and-junk');
  const [logs, ...rest] = runRules(built.ctx!, rules).findings;
  assert.deepEqual(rest, []);
  assert.equal(logs.severity, 'info');
  assert.deepEqual(logs.paths, ['var/log/apt/history.log', 'var/log/apt/term.log', 'var/log/dpkg.log']);
  const own = new Map(built.ctx!.image.layers[1].entries.map((e) => [e.path, e.size]));
  assert.equal(logs.bytes, logs.paths.reduce((sum, p) => sum + own.get(p)!, 0));
  assert.ok(logs.bytes! < 1_000_000);
  assert.match(logs.fix!, /rm -rf \/var\/log\/apt\/\* \/var\/log\/dpkg\.log/);
});
