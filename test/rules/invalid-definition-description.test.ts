/**
 * Source cases for invalid-definition-description (BuildKit's InvalidDefinitionDescription). The rule is
 * experimental, as in BuildKit: these cases turn it on with `# check=experimental=...`, and one checks that
 * it stays silent without.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkInvalid, checkValid, lintSource, type SourceCases } from './source-tester.js';

const ON = '# check=experimental=InvalidDefinitionDescription\n\n';

const cases: SourceCases = {
  valid: [
    ON + '# build-cli builds the CLI binary\nFROM alpine:3.20 AS build-cli\n# VERSION controls the version of the program\nARG VERSION=1',
    ON + '# a note, set apart\n\nARG VERSION=1',
    ON + '# a comment on a FROM without a stage name\nFROM alpine:3.20',
    ON + '# tsimage ignore=pin-package-versions\nARG VERSION=1',
    '# syntax=docker/dockerfile:1\n# check=experimental=all\nFROM alpine:3.20 AS base',
  ],
  invalid: [
    { code: ON + '# a non-descriptive comment\nFROM scratch AS base\n\n# another non-descriptive comment\nARG VERSION=1', errors: [{ line: 4, message: '# base <description>' }, { line: 7, message: '# VERSION <description>' }] },
    { code: '# check=experimental=all\n\n# the versions\nARG A=1 B=2', errors: [{ line: 4, message: '<arg_key>' }] },
  ],
};

test('invalid-definition-description: valid Dockerfiles give no finding', () => checkValid('invalid-definition-description', cases.valid));
test('invalid-definition-description: invalid Dockerfiles give their findings, on their lines', () => checkInvalid('invalid-definition-description', cases.invalid));
test('invalid-definition-description: experimental, so silent unless turned on', async () => {
  assert.deepEqual(await lintSource('invalid-definition-description', '# a non-descriptive comment\nFROM scratch AS base'), []);
});
