/** Source cases (tsimage lint) for consistent-instruction-casing (BuildKit's ConsistentInstructionCasing), ESLint RuleTester style. */
import { test } from 'node:test';
import { checkInvalid, checkValid, type SourceCases } from './source-tester.js';

const cases: SourceCases = {
  valid: ['FROM alpine:3.20\nRUN echo hi', 'from alpine:3.20\nrun echo hi'],
  invalid: [
    { code: 'FROM alpine:3.20\nrun echo hi\nCopy a /a', errors: [{ line: 2, message: "'run' should match the case of the command majority (uppercase)" }, { line: 3, message: "'Copy'" }] },
    { code: 'from alpine:3.20\nrun echo hi\nCOPY a /a', errors: [{ line: 3, message: '(lowercase)' }] },
  ],
};

test('consistent-instruction-casing: valid Dockerfiles give no finding', () => checkValid('consistent-instruction-casing', cases.valid));
test('consistent-instruction-casing: invalid Dockerfiles give their findings, on their lines', () => checkInvalid('consistent-instruction-casing', cases.invalid));
