/** Source cases (tsimage lint) for expose-invalid-format (BuildKit's ExposeInvalidFormat), ESLint RuleTester style. */
import { test } from 'node:test';
import { checkInvalid, checkValid, type SourceCases } from './source-tester.js';

const cases: SourceCases = {
  valid: ['FROM alpine:3.20\nEXPOSE 80 443/tcp $PORT'],
  invalid: [{ code: 'FROM alpine:3.20\nEXPOSE 127.0.0.1:8080:80 8080:80', errors: [{ line: 2, message: "found '127.0.0.1:8080:80'" }, { line: 2, message: "found '8080:80'" }] }],
};

test('expose-invalid-format: valid Dockerfiles give no finding', () => checkValid('expose-invalid-format', cases.valid));
test('expose-invalid-format: invalid Dockerfiles give their findings, on their lines', () => checkInvalid('expose-invalid-format', cases.invalid));
