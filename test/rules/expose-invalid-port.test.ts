/** Source cases (tsimage lint) for expose-invalid-port, ESLint RuleTester style. */
import { test } from 'node:test';
import { checkInvalid, checkValid, type SourceCases } from './source-tester.js';

const F = 'FROM debian:12.5\n';

const cases: SourceCases = {
  // A host:container mapping is expose-invalid-format's finding, not this rule's.
  valid: [F + 'EXPOSE 80 443/tcp 53/udp 8000-8010 $PORT 80/TCP 8080:80'],
  invalid: [{ code: F + 'EXPOSE 70000 9/xyz 90-80 http', errors: [{ line: 2, message: '70000: above 65535' }, { line: 2, message: '9/xyz: unknown protocol xyz' }, { line: 2, message: '90-80: the range runs backwards' }, { line: 2, message: 'http: not a port' }] }],
};

test('expose-invalid-port: valid Dockerfiles give no finding', () => checkValid('expose-invalid-port', cases.valid));
test('expose-invalid-port: invalid Dockerfiles give their findings, on their lines', () => checkInvalid('expose-invalid-port', cases.invalid));
