/** Source cases (tsimage lint) for cd-in-run, ESLint RuleTester style. */
import { test } from 'node:test';
import { checkInvalid, checkValid, type SourceCases } from './source-tester.js';

const F = 'FROM debian:12.5\n';

const cases: SourceCases = {
  valid: [F + 'WORKDIR /app\nRUN make', F + 'RUN cd - && true'],
  invalid: [{ code: F + 'RUN cd /app && make', errors: [{ line: 2, message: 'cd /app' }] }],
};

test('cd-in-run: valid Dockerfiles give no finding', () => checkValid('cd-in-run', cases.valid));
test('cd-in-run: invalid Dockerfiles give their findings, on their lines', () => checkInvalid('cd-in-run', cases.invalid));
