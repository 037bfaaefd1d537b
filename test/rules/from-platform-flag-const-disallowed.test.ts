/** Source cases (tsimage lint) for from-platform-flag-const-disallowed (BuildKit's FromPlatformFlagConstDisallowed), ESLint RuleTester style. */
import { test } from 'node:test';
import { checkInvalid, checkValid, type SourceCases } from './source-tester.js';

const cases: SourceCases = {
  valid: [
    'FROM --platform=$BUILDPLATFORM alpine:3.20 AS base',
    'FROM alpine:3.20',
    // A stage named for its platform is platform-specific on purpose (BuildKit's documented exception).
    'FROM --platform=linux/amd64 alpine:3.20 AS build_amd64\nFROM --platform=linux/arm64 alpine:3.20 AS build_arm64\nARG TARGETARCH\nFROM build_${TARGETARCH}',
  ],
  invalid: [{ code: 'FROM --platform=linux/amd64 alpine:3.20 AS base', errors: [{ line: 1, message: 'constant value "linux/amd64"' }] }],
};

test('from-platform-flag-const-disallowed: valid Dockerfiles give no finding', () => checkValid('from-platform-flag-const-disallowed', cases.valid));
test('from-platform-flag-const-disallowed: invalid Dockerfiles give their findings, on their lines', () => checkInvalid('from-platform-flag-const-disallowed', cases.invalid));
