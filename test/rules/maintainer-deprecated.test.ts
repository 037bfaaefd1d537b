/** Source cases (tsimage lint) for maintainer-deprecated, ESLint RuleTester style. */
import { test } from 'node:test';
import { checkInvalid, checkValid, type SourceCases } from './source-tester.js';

const F = 'FROM debian:12.5\n';

const cases: SourceCases = {
  valid: [F + 'LABEL org.opencontainers.image.authors="me"'],
  invalid: [{ code: F + 'MAINTAINER Jane <j@example.com>', errors: [{ line: 2 }] }],
};

test('maintainer-deprecated: valid Dockerfiles give no finding', () => checkValid('maintainer-deprecated', cases.valid));
test('maintainer-deprecated: invalid Dockerfiles give their findings, on their lines', () => checkInvalid('maintainer-deprecated', cases.invalid));
