/** apt-get-without-yes: source cases and its safe fix, RuleTester style. */
import { test } from 'node:test';
import { checkInvalid, checkValid, type SourceCases } from './source-tester.js';
import { fixTester } from './fix-tester.js';

const F = 'FROM debian:12.5\n';

const cases: SourceCases = {
  valid: [F + 'RUN apt-get install -y curl', F + 'RUN apt-get -qq install curl', F + 'RUN apt-get install --yes curl', F + 'RUN apt-get -yq install curl', F + 'RUN apt-get update'],
  invalid: [
    { code: F + 'RUN apt-get update && apt-get install curl', errors: [{ line: 2, message: 'no -y' }] },
    { code: F + 'RUN apt-get install -q curl', errors: [{ line: 2 }] },
  ],
};

test('apt-get-without-yes: valid Dockerfiles give no finding', () => checkValid('apt-get-without-yes', cases.valid));
test('apt-get-without-yes: invalid Dockerfiles give their findings, on their lines', () => checkInvalid('apt-get-without-yes', cases.invalid));

fixTester('apt-get-without-yes', {
  valid: [F + 'RUN apt-get install -y curl\n', F + 'RUN apt-get -o Dpkg::Options::="--force-confold" install -y curl\n'],
  invalid: [
    { code: F + 'RUN apt-get update && apt-get install curl\n', output: F + 'RUN apt-get update && apt-get install -y curl\n' },
    { code: F + 'RUN apt-get install -q curl \\\n    git && apt-get install -y vim\n', output: F + 'RUN apt-get install -y -q curl \\\n    git && apt-get install -y vim\n' },
  ],
});
