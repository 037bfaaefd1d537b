/** Source cases (tsimage lint) for legacy-key-value-format (BuildKit's LegacyKeyValueFormat), ESLint RuleTester style. */
import { test } from 'node:test';
import { checkInvalid, checkValid, type SourceCases } from './source-tester.js';

const cases: SourceCases = {
  valid: ['FROM alpine:3.20\nENV A=1 B="two words"\nLABEL org.opencontainers.image.title=app', 'FROM alpine:3.20\nENV A=1'],
  invalid: [{ code: 'FROM alpine:3.20\nENV NODE_ENV production\nLABEL maintainer Jane Doe', errors: [{ line: 2, message: 'legacy "ENV key value"' }, { line: 3, message: 'LABEL key=value' }] }],
};

test('legacy-key-value-format: valid Dockerfiles give no finding', () => checkValid('legacy-key-value-format', cases.valid));
test('legacy-key-value-format: invalid Dockerfiles give their findings, on their lines', () => checkInvalid('legacy-key-value-format', cases.invalid));
