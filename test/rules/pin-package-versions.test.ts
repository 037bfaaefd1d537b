/** Source cases (tsimage lint) for pin-package-versions, ESLint RuleTester style. */
import { test } from 'node:test';
import { checkInvalid, checkValid, type SourceCases } from './source-tester.js';

const F = 'FROM debian:12.5\n';

const cases: SourceCases = {
  valid: [
    F + 'RUN apt-get install -y --no-install-recommends curl=7.88.1-10 ./local.deb',
    'FROM alpine:3.20\nRUN apk add --no-cache --virtual .build curl=8.5.0-r0',
    F + 'RUN pip install --no-cache-dir -r requirements.txt flask==3.0.0 "requests>=2"',
    F + 'RUN npm install && npm install left-pad@1.3.0 @scope/pkg@2.0.0',
  ],
  invalid: [
    { code: F + 'RUN apt-get install -y curl=7.88.1 wget', errors: [{ line: 2, message: 'apt installs wget' }] },
    { code: 'FROM alpine:3.20\nRUN apk add --no-cache curl', errors: [{ line: 2, message: 'apk installs curl' }] },
    { code: F + 'RUN pip install flask && npm install -g @scope/pkg typescript@latest', errors: [{ line: 2, message: 'npm installs @scope/pkg, typescript@latest' }, { line: 2, message: 'pip installs flask' }] },
  ],
};

test('pin-package-versions: valid Dockerfiles give no finding', () => checkValid('pin-package-versions', cases.valid));
test('pin-package-versions: invalid Dockerfiles give their findings, on their lines', () => checkInvalid('pin-package-versions', cases.invalid));
