/** Source cases (tsimage lint) for pipefail, ESLint RuleTester style. */
import { test } from 'node:test';
import { checkInvalid, checkValid, type SourceCases } from './source-tester.js';

const F = 'FROM debian:12.5\n';

const cases: SourceCases = {
  valid: [
    F + 'RUN set -o pipefail && curl -fsSL https://x | tar -x',
    F + 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN curl -fsSL https://x | tar -x',
    F + 'RUN a || b',
    F + 'RUN echo "a|b"',
  ],
  invalid: [{ code: F + 'RUN curl -fsSL https://x | tar -x', errors: [{ line: 2, message: 'pipefail' }] }],
};

test('pipefail: valid Dockerfiles give no finding', () => checkValid('pipefail', cases.valid));
test('pipefail: invalid Dockerfiles give their findings, on their lines', () => checkInvalid('pipefail', cases.invalid));
