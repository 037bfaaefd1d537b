/** Source cases (tsimage lint) for multiple-cmd-or-entrypoint, ESLint RuleTester style. */
import { test } from 'node:test';
import { checkInvalid, checkValid, type SourceCases } from './source-tester.js';

const F = 'FROM debian:12.5\n';

const cases: SourceCases = {
  valid: [F + 'CMD ["a"]', 'FROM a:1 AS x\nCMD ["a"]\nFROM b:1\nCMD ["b"]'],
  invalid: [{ code: F + 'CMD ["a"]\nENTRYPOINT ["e"]\nCMD ["b"]\nENTRYPOINT ["f"]', errors: [{ line: 2, message: 'line 4' }, { line: 3, message: 'line 5' }] }],
};

test('multiple-cmd-or-entrypoint: valid Dockerfiles give no finding', () => checkValid('multiple-cmd-or-entrypoint', cases.valid));
test('multiple-cmd-or-entrypoint: invalid Dockerfiles give their findings, on their lines', () => checkInvalid('multiple-cmd-or-entrypoint', cases.invalid));
