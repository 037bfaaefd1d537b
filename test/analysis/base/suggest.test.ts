import { test } from 'node:test';
import assert from 'node:assert/strict';
import { knowledgeBase } from '../../../src/analysis/base/knowledge.js';
import { suggestAlternatives, type SuggestInputs } from '../../../src/analysis/base/suggest.js';
import type { BaseReport } from '../../../src/analysis/base/types.js';
import { renderBaseSection } from '../../../src/report/base-text.js';

const MB = 1_000_000;

const glibcProgram: SuggestInputs = {
  family: 'debian', osId: 'debian', osVersion: '12', libc: 'glibc', glibcEvidence: 'usr/lib/x86_64-linux-gnu/libc.so.6', runtimes: [],
  main: { command: '/app/server', path: 'app/server', kind: 'elf-dynamic', libc: 'glibc' }, packageManager: 'dpkg', addedOnTop: [], installedPackages: 0,
  currentBytes: 12 * MB, currentRef: 'debian:12', today: new Date('2026-11-23T12:00:00Z'),
};

test('alpine is offered to a glibc program only with the glibc caution first, and after every glibc base', () => {
  const { alternatives } = suggestAlternatives(knowledgeBase, glibcProgram);
  assert.deepEqual(alternatives.map((a) => a.ref), ['cgr.dev/chainguard/glibc-dynamic:latest', 'alpine:3.23']);
  assert.match(alternatives[1].cautions[0], /^the image has glibc-linked binaries \(\/usr\/lib\/x86_64-linux-gnu\/libc\.so\.6\): they will not run on musl/);
  assert.equal(alternatives[1].estimatedSavingBytes, 12 * MB - 8_400_000);
});

test('the text section says glibc before the first alpine FROM line', () => {
  const { alternatives } = suggestAlternatives(knowledgeBase, glibcProgram);
  const base = { os: 'debian', family: 'debian', libc: 'glibc', evidence: [], packages: { manager: 'dpkg', count: 0, packages: [] }, runtimes: [], entrypoint: [], labels: {},
    baseLayers: 1, boundary: 'test', baseBytes: 12 * MB, guess: { image: 'debian:12', confidence: 'high', reasons: [] }, eol: [], currentBytes: 12 * MB, alternatives } as BaseReport;
  const lines = renderBaseSection(base).join('\n');
  const warning = lines.indexOf('the image has glibc-linked binaries; the musl (Alpine) options below need them rebuilt');
  assert.ok(warning > 0, lines);
  assert.ok(warning < lines.indexOf('FROM alpine:3.23'), lines);
});

test('a Node.js 22 image keeps Node 22: slim and distroless first, alpine last with the glibc caution', () => {
  const { alternatives } = suggestAlternatives(knowledgeBase, {
    ...glibcProgram, family: 'node', main: { command: 'node', path: 'usr/local/bin/node', kind: 'elf-dynamic', libc: 'glibc' },
    runtimes: [{ name: 'node', version: '22.11.0', major: '22', path: 'usr/local/bin/node', evidence: 'NODE_VERSION' }],
    currentBytes: 1_120_000_000, currentRef: 'node:22-bookworm',
  });
  assert.deepEqual(alternatives.map((a) => a.ref), ['node:22-bookworm-slim', 'gcr.io/distroless/nodejs22-debian12', 'node:22-alpine']);
  assert.ok(alternatives.every((a) => !a.keeps.length || a.ref === 'node:22-alpine' || a.keeps.includes('Node.js 22')));
  assert.match(alternatives[2].cautions[0], /glibc-linked/);
});

test('a Python version the knowledge base has no image of moves to the nearest newer one, and says so', () => {
  const { alternatives } = suggestAlternatives(knowledgeBase, {
    ...glibcProgram, main: { command: 'python3', path: 'usr/bin/python3.10', kind: 'elf-dynamic', libc: 'glibc' },
    runtimes: [{ name: 'python', version: '3.10', major: '3.10', path: 'usr/lib/python3.10', evidence: '/usr/lib/python3.10/' }],
    currentBytes: 900 * MB, currentRef: 'python:3.10',
  });
  assert.deepEqual(alternatives.map((a) => a.ref), ['python:3.11-slim-bookworm', 'gcr.io/distroless/python3-debian12', 'python:3.11-alpine']);
  assert.ok(alternatives.every((a) => a.cautions.some((c) => c.startsWith('moves Python from 3.10 to 3.11'))));
});

test('an older or ended release is never offered, and of several tags the newest comes', () => {
  const shellImage: SuggestInputs = { ...glibcProgram, main: { command: 'bash', path: 'usr/bin/bash', kind: 'elf-dynamic', libc: 'glibc', isShell: true }, currentBytes: 200 * MB };
  const refs = suggestAlternatives(knowledgeBase, shellImage).alternatives.map((a) => a.ref);
  assert.deepEqual(refs, ['debian:12-slim', 'debian:13', 'busybox:1.37-glibc']);
  const all = suggestAlternatives(knowledgeBase, { ...shellImage, libc: 'musl', family: 'alpine', osId: 'alpine', osVersion: '3.18.4', packageManager: 'apk', currentBytes: 20 * MB, currentRef: 'alpine:3.18' });
  // alpine:3.20 ended 2026-04-01; 3.22 and 3.23 are supported: the newest is offered.
  assert.deepEqual(all.alternatives.map((a) => a.ref), ['alpine:3.23', 'busybox:1.37-musl', 'busybox:1.37-glibc']);
});

test('nothing is suggested when the base is unknown', () => {
  const result = suggestAlternatives(knowledgeBase, { ...glibcProgram, family: 'unknown' });
  assert.deepEqual(result, { alternatives: [], reason: 'the base image could not be identified' });
});
