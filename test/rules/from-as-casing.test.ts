/** Source cases (tsimage lint) for from-as-casing (BuildKit's FromAsCasing), ESLint RuleTester style. */
import { test } from 'node:test';
import { checkInvalid, checkValid, type SourceCases } from './source-tester.js';

const cases: SourceCases = {
  valid: ['FROM alpine:3.20 AS build', 'from alpine:3.20 as build', 'From alpine:3.20 as build', 'FROM alpine:3.20'],
  invalid: [{ code: 'FROM alpine:3.20 as build\nfrom build AS final', errors: [{ line: 1, message: "'as' and 'FROM'" }, { line: 2, message: "'AS' and 'from'" }] }],
};

test('from-as-casing: valid Dockerfiles give no finding', () => checkValid('from-as-casing', cases.valid));
test('from-as-casing: invalid Dockerfiles give their findings, on their lines', () => checkInvalid('from-as-casing', cases.invalid));
