/** Source cases (tsimage lint) for expose-invalid-port, ESLint RuleTester style. */
import { test } from 'node:test';
import { checkInvalid, checkValid, type SourceCases } from './source-tester.js';

const F = 'FROM debian:12.5\n';

const cases: SourceCases = {
  valid: [F + 'EXPOSE 80 443/tcp 53/udp 8000-8010 $PORT'],
  invalid: [{ code: F + 'EXPOSE 80:8080 70000 9/xyz', errors: [{ line: 2, message: '70000: above 65535' }, { line: 2, message: '80:8080: not a port' }, { line: 2, message: 'protocol xyz' }] }],
};

test('expose-invalid-port: valid Dockerfiles give no finding', () => checkValid('expose-invalid-port', cases.valid));
test('expose-invalid-port: invalid Dockerfiles give their findings, on their lines', () => checkInvalid('expose-invalid-port', cases.invalid));
