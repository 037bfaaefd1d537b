/** Source cases (tsimage lint) for expose-proto-casing (BuildKit's ExposeProtoCasing), ESLint RuleTester style. */
import { test } from 'node:test';
import { checkInvalid, checkValid, type SourceCases } from './source-tester.js';

const cases: SourceCases = {
  valid: ['FROM alpine:3.20\nEXPOSE 80/tcp 53/udp 8080'],
  invalid: [{ code: 'FROM alpine:3.20\nEXPOSE 80/TCP 53/Udp', errors: [{ line: 2, message: "'53/Udp'" }, { line: 2, message: "'80/TCP'" }] }],
};

test('expose-proto-casing: valid Dockerfiles give no finding', () => checkValid('expose-proto-casing', cases.valid));
test('expose-proto-casing: invalid Dockerfiles give their findings, on their lines', () => checkInvalid('expose-proto-casing', cases.invalid));
