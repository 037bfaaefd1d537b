import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../rules/build-tools-in-final.js';
import { baseLayer, check, checkSpec } from './helpers.js';
import { APT_BAD, APT_GOOD, engineImage } from './images.js';

test('fires once for the toolchain with the bytes of compilers, their trees and headers', () => {
  const findings = checkSpec(rule, { layers: [baseLayer, { instruction: 'RUN apt-get install -y gcc', files: { 'usr/bin/gcc-12': 1000, 'usr/lib/gcc/x86_64-linux-gnu/12/cc1': 5000, 'usr/include/stdio.h': 300, 'usr/bin/app': 10 } }] });
  assert.equal(findings.length, 1);
  assert.equal(findings[0].bytes, 6300);
  assert.match(findings[0].message, /gcc/);
});

test('knows the SDK images\' own locations (Go, Rust, JDK), base image included', () => {
  const findings = checkSpec(rule, { layers: [{ ...baseLayer, files: { ...baseLayer.files, 'usr/local/go/bin/go': 9000, 'usr/local/go/pkg/tool/linux_amd64/compile': 7000, 'usr/lib/jvm/java-17/bin/javac': 100 } }, { instruction: 'COPY app /app', files: { app: 5 } }] });
  assert.equal(findings.length, 1);
  assert.equal(findings[0].bytes, 16100);
  assert.match(findings[0].message, /go, javac/);
  assert.match(findings[0].fix!, /build in a stage FROM this \(SDK\) base/);
});

test('does not fire for headers alone or a binary that only looks similar', () => {
  assert.deepEqual(checkSpec(rule, { layers: [baseLayer, { instruction: 'RUN x', files: { 'usr/include/zlib.h': 300, 'usr/bin/gcc-wrapper-docs': 10, 'usr/bin/makedepend2': 5 } }] }), []);
});

test('real image: gcc and make from the fake apt build: 1,130,000 bytes', async (t) => {
  const bad = await engineImage(APT_BAD);
  if (bad.skip) return t.skip(bad.skip);
  const [finding, ...rest] = check(rule, bad.ctx!);
  assert.equal(rest.length, 0);
  assert.equal(finding.bytes, 300000 + 600000 + 30000 + 200000);
  assert.equal(finding.layerIndex, 4);
  assert.deepEqual(check(rule, (await engineImage(APT_GOOD)).ctx!), []);
});
