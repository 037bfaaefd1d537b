/** Source cases (tsimage lint) for copy-from-unknown-stage, ESLint RuleTester style. */
import { test } from 'node:test';
import { checkInvalid, checkValid, type SourceCases } from './source-tester.js';

const cases: SourceCases = {
  valid: ['FROM a:1 AS build\nFROM b:1\nCOPY --from=build /x /x\nCOPY --from=0 /y /y\nCOPY --from=nginx:1.25 /etc/nginx /etc/nginx'],
  invalid: [
    { code: 'FROM a:1 AS build\nFROM b:1\nCOPY --from=biuld /x /x', errors: [{ line: 3, message: 'pull an image named biuld' }] },
    { code: 'FROM a:1 AS one\nCOPY --from=one /x /x', errors: [{ line: 2, message: 'its own stage' }] },
  ],
};

test('copy-from-unknown-stage: valid Dockerfiles give no finding', () => checkValid('copy-from-unknown-stage', cases.valid));
test('copy-from-unknown-stage: invalid Dockerfiles give their findings, on their lines', () => checkInvalid('copy-from-unknown-stage', cases.invalid));
