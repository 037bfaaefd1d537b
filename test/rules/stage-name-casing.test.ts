/** Source cases (tsimage lint) for stage-name-casing (BuildKit's StageNameCasing), ESLint RuleTester style. */
import { test } from 'node:test';
import { checkInvalid, checkValid, type SourceCases } from './source-tester.js';

const cases: SourceCases = {
  valid: ['FROM alpine:3.20 AS build\nFROM build', 'FROM alpine:3.20', 'FROM alpine:3.20 as builder-base'],
  invalid: [{ code: 'FROM alpine:3.20 AS BuilderBase\nFROM builderbase AS Final', errors: [{ line: 1, message: 'BuilderBase should be lower case' }, { line: 2, message: 'Final' }] }],
};

test('stage-name-casing: valid Dockerfiles give no finding', () => checkValid('stage-name-casing', cases.valid));
test('stage-name-casing: invalid Dockerfiles give their findings, on their lines', () => checkInvalid('stage-name-casing', cases.invalid));
