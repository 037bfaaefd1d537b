/** apt-instead-of-apt-get: source cases and its safe fix, RuleTester style. */
import { test } from 'node:test';
import { checkInvalid, checkValid, type SourceCases } from './source-tester.js';
import { fixTester } from './fix-tester.js';

const F = 'FROM debian:12.5\n';

const cases: SourceCases = {
  valid: [F + 'RUN apt-get update && apt-get install -y curl', F + 'RUN apt-cache policy curl', F + 'RUN echo apt install'],
  invalid: [
    { code: F + 'RUN apt update && apt install -y curl', errors: [{ line: 2, message: 'use apt-get' }] },
    { code: F + 'RUN true\nRUN sudo apt list --installed', errors: [{ line: 3 }] },
  ],
};

test('apt-instead-of-apt-get: valid Dockerfiles give no finding', () => checkValid('apt-instead-of-apt-get', cases.valid));
test('apt-instead-of-apt-get: invalid Dockerfiles give their findings, on their lines', () => checkInvalid('apt-instead-of-apt-get', cases.invalid));

fixTester('apt-instead-of-apt-get', {
  // `apt list` and `apt upgrade` have no same-meaning apt-get command: reported, not rewritten.
  valid: [F + 'RUN apt list --installed\n', F + 'RUN apt upgrade -y\n', F + "RUN echo 'apt install x'\n"],
  invalid: [
    { code: F + 'RUN apt update && DEBIAN_FRONTEND=noninteractive apt install -y curl\n', output: F + 'RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y curl\n' },
    { code: F + 'RUN set -e; \\\n    apt update; \\\n    apt -q install -y curl # apt install\n', output: F + 'RUN set -e; \\\n    apt-get update; \\\n    apt-get -q install -y curl # apt install\n' },
  ],
});
