import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../rules/copy-before-install.js';
import { baseLayer, check, checkSpec } from './helpers.js';
import { MISC_BAD, engineImage } from './images.js';
import { lintSource } from './source-tester.js';
import { DEBIAN_COPY_FIRST, DEBIAN_INSTALL_FIRST, debianImage } from './debian-images.js';

test('fires when the whole context (judged by the files the COPY wrote) precedes the install', () => {
  const findings = checkSpec(rule, { layers: [baseLayer, { instruction: 'COPY dir:aaaa in /app', files: { 'app/requirements.txt': 10, 'app/main.py': 100 } }, { instruction: 'RUN pip install -r requirements.txt', files: { 'usr/lib/x': 5 } }] });
  assert.equal(findings.length, 1);
  assert.deepEqual(findings[0].paths, ['app/requirements.txt']);
  assert.match(findings[0].fix!, /COPY requirements.txt/);
});

test('does not fire when the manifests were copied and installed first', () => {
  assert.deepEqual(checkSpec(rule, { layers: [
    baseLayer,
    { instruction: 'COPY package.json package-lock.json /app/', files: { 'app/package.json': 10, 'app/package-lock.json': 10 } },
    { instruction: 'RUN npm ci', files: { 'app/node_modules/x/index.js': 10 } },
    { instruction: 'COPY . /app', files: { 'app/package.json': 10, 'app/server.js': 10 } },
  ] }), []);
});

test('real image: `COPY app/ /app/` (package.json among 8 files) before `RUN npm ci`', async (t) => {
  const bad = await engineImage(MISC_BAD);
  if (bad.skip) return t.skip(bad.skip);
  const findings = check(rule, bad.ctx!);
  assert.deepEqual(findings.map((f) => [f.layerIndex, f.paths]), [[3, ['app/package.json']]]);
});

test('real Debian image: `COPY . /app` before an apt-get install that reads none of it; not when the install comes first', async (t) => {
  const built = await debianImage(DEBIAN_COPY_FIRST);
  if (built.skip) return t.skip(built.skip);
  const [finding, ...rest] = check(rule, built.ctx!);
  assert.deepEqual(rest, []);
  assert.equal(finding.layerIndex, 2);
  assert.equal(finding.instruction, 'COPY . /app');
  assert.match(finding.message, /copies the whole build context before layer 3 runs `apt-get install -y --no-install-recommends curl netbase`/);
  assert.equal(finding.fix, 'move the RUN with `apt-get install -y --no-install-recommends curl netbase` above `COPY . /app`');
  // The Dockerfile that built it, checked as source, says the same.
  const source = await lintSource('copy-before-install', DEBIAN_COPY_FIRST.dockerfile);
  assert.deepEqual(source.map((f) => [f.line, f.fix]), [[3, 'move the RUN on line 4 above the COPY on line 3']]);
  assert.deepEqual(check(rule, (await debianImage(DEBIAN_INSTALL_FIRST)).ctx!), []);
  assert.deepEqual(await lintSource('copy-before-install', DEBIAN_INSTALL_FIRST.dockerfile), []);
});

test('source: COPY . before an install of registry packages (apk, dnf, pip, npm) fires; one that reads the copied files does not (pip install . is the manifest case above)', async () => {
  const fires = [
    'FROM alpine:3.20\nCOPY . /app\nRUN apk add --no-cache curl',
    'FROM fedora:40\nCOPY . .\nRUN dnf install -y git && dnf clean all',
    'FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir gunicorn==22.0.0',
    'FROM node:22\nCOPY ./ /srv\nRUN npm install -g pm2@5',
  ];
  for (const code of fires) assert.equal((await lintSource('copy-before-install', code)).length, 1, code);
  const quiet = [
    'FROM alpine:3.20\nCOPY . /app\nRUN apk add --no-cache --allow-untrusted /app/dist/tool.apk',
    'FROM debian:12\nCOPY . /src\nRUN apt-get install -y /src/pkg.deb',
    'FROM alpine:3.20\nRUN apk add --no-cache curl\nCOPY . /app',
    'FROM alpine:3.20\nCOPY app.sh /app/\nRUN apk add --no-cache curl',
  ];
  for (const code of quiet) assert.deepEqual((await lintSource('copy-before-install', code)).map((f) => f.message), [], code);
});
