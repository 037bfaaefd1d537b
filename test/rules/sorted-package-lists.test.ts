/** Source cases (tsimage lint) for sorted-package-lists, ESLint RuleTester style. */
import { test } from 'node:test';
import { checkInvalid, checkValid, type SourceCases } from './source-tester.js';

const F = 'FROM debian:12.5\n';

const cases: SourceCases = {
  valid: [F + 'RUN apt-get install -y --no-install-recommends \\\n  ca-certificates \\\n  curl \\\n  git'],
  invalid: [{ code: F + 'RUN apt-get install -y \\\n  git \\\n  curl \\\n  git', errors: [{ line: 2, message: 'repeats git' }] }],
};

test('sorted-package-lists: valid Dockerfiles give no finding', () => checkValid('sorted-package-lists', cases.valid));
test('sorted-package-lists: invalid Dockerfiles give their findings, on their lines', () => checkInvalid('sorted-package-lists', cases.invalid));
