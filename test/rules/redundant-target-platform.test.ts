/** Source cases (tsimage lint) for redundant-target-platform (BuildKit's RedundantTargetPlatform), ESLint RuleTester style. */
import { test } from 'node:test';
import { checkInvalid, checkValid, type SourceCases } from './source-tester.js';

const cases: SourceCases = {
  valid: ['FROM --platform=$BUILDPLATFORM golang:1.22 AS build', 'FROM alpine:3.20', 'FROM --platform=${TARGETPLATFORM:-linux/amd64} alpine:3.20'],
  invalid: [{ code: 'FROM --platform=$TARGETPLATFORM alpine:3.20\nFROM --platform=${TARGETPLATFORM} alpine:3.20', errors: [{ line: 1, message: 'redundant' }, { line: 2, message: '${TARGETPLATFORM}' }] }],
};

test('redundant-target-platform: valid Dockerfiles give no finding', () => checkValid('redundant-target-platform', cases.valid));
test('redundant-target-platform: invalid Dockerfiles give their findings, on their lines', () => checkInvalid('redundant-target-platform', cases.invalid));
