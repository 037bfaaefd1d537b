/** Source cases (tsimage lint) for reserved-stage-name (BuildKit's ReservedStageName), ESLint RuleTester style. */
import { test } from 'node:test';
import { checkInvalid, checkValid, type SourceCases } from './source-tester.js';

const cases: SourceCases = {
  valid: ['FROM alpine:3.20 AS base\nFROM scratch\nCOPY --from=base /x /x'],
  invalid: [{ code: 'FROM alpine:3.20 AS scratch\nFROM alpine:3.20 AS Context', errors: [{ line: 1, message: "'scratch' is reserved" }, { line: 2, message: "'context' is reserved" }] }],
};

test('reserved-stage-name: valid Dockerfiles give no finding', () => checkValid('reserved-stage-name', cases.valid));
test('reserved-stage-name: invalid Dockerfiles give their findings, on their lines', () => checkInvalid('reserved-stage-name', cases.invalid));
