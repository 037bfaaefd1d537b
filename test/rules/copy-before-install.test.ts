import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../rules/copy-before-install.js';
import { baseLayer, check, checkSpec } from './helpers.js';
import { MISC_BAD, engineImage } from './images.js';

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
