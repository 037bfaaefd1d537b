/** Source cases (tsimage lint) for from-alias-unique, ESLint RuleTester style. */
import { test } from 'node:test';
import { checkInvalid, checkValid, type SourceCases } from './source-tester.js';

const cases: SourceCases = {
  valid: ['FROM a:1 AS one\nFROM b:1 AS two'],
  invalid: [{ code: 'FROM a:1 AS build\nFROM b:1 AS BUILD', errors: [{ line: 2, message: 'line 1' }] }],
};

test('from-alias-unique: valid Dockerfiles give no finding', () => checkValid('from-alias-unique', cases.valid));
test('from-alias-unique: invalid Dockerfiles give their findings, on their lines', () => checkInvalid('from-alias-unique', cases.invalid));
