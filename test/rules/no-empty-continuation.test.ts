/** Source cases (tsimage lint) for no-empty-continuation (BuildKit's NoEmptyContinuation), ESLint RuleTester style. */
import { test } from 'node:test';
import { checkInvalid, checkValid, type SourceCases } from './source-tester.js';

const cases: SourceCases = {
  valid: ['FROM alpine:3.20\nRUN apk add --no-cache \\\n    # a comment line is fine\n    curl', 'FROM alpine:3.20\nRUN <<EOF\necho one\n\necho two\nEOF'],
  invalid: [{ code: 'FROM alpine:3.20\nRUN apk add --no-cache \\\n\n    curl', errors: [{ line: 2, message: 'empty continuation line (line 3)' }] }],
};

test('no-empty-continuation: valid Dockerfiles give no finding', () => checkValid('no-empty-continuation', cases.valid));
test('no-empty-continuation: invalid Dockerfiles give their findings, on their lines', () => checkInvalid('no-empty-continuation', cases.invalid));
