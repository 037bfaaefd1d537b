/** Source cases (tsimage lint) for workdir-relative, ESLint RuleTester style. */
import { test } from 'node:test';
import { checkInvalid, checkValid, type SourceCases } from './source-tester.js';

const F = 'FROM debian:12.5\n';

const cases: SourceCases = {
  valid: [F + 'WORKDIR /app', F + 'WORKDIR $HOME/app', 'FROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nWORKDIR C:\\app'],
  invalid: [{ code: F + 'WORKDIR app', errors: [{ line: 2, message: 'relative' }] }],
};

test('workdir-relative: valid Dockerfiles give no finding', () => checkValid('workdir-relative', cases.valid));
test('workdir-relative: invalid Dockerfiles give their findings, on their lines', () => checkInvalid('workdir-relative', cases.invalid));
