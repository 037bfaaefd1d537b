/** Source cases (tsimage lint) for undefined-var (BuildKit's UndefinedVar), ESLint RuleTester style. */
import { test } from 'node:test';
import { checkInvalid, checkValid, type SourceCases } from './source-tester.js';

const cases: SourceCases = {
  valid: [
    'FROM alpine:3.20 AS base\nARG foo\nCOPY $foo .',
    'FROM alpine:3.20\nENV PATH=$PATH:/app/bin',
    // The base image's ENV is unknown from source: PYTHON_VERSION may come from python.
    'FROM python:3.12\nARG VERSION=$PYTHON_VERSION',
    // A later stage built FROM an earlier one has its ARGs and ENV.
    'FROM scratch AS base\nENV APP=/app\nFROM base\nWORKDIR $APP',
    'FROM scratch\nCOPY ${SRC:-.} /src',
    'FROM scratch\nRUN echo $UNSET',
    "FROM scratch\nLABEL note='$literal'",
  ],
  invalid: [
    { code: 'FROM alpine:3.20\nENV PATH=$PAHT:/app/bin', errors: [{ line: 2, message: "'$PAHT' (did you mean $PATH?)" }] },
    { code: 'FROM scratch\nCOPY $foo .', errors: [{ line: 2, message: "usage of undefined variable '$foo'" }] },
    { code: 'FROM scratch AS base\nARG VERSION=$foo', errors: [{ line: 2, message: "'$foo'" }] },
    // A global ARG is in scope in a stage only when the stage declares it again.
    { code: 'ARG APP_DIR=/app\nFROM scratch\nWORKDIR $APP_DIR', errors: [{ line: 3, message: "'$APP_DIR'" }] },
    { code: 'FROM alpine:3.20\nARG APP_VERSION=1\nLABEL version=$APP_VERSOIN', errors: [{ line: 3, message: 'did you mean $APP_VERSION' }] },
  ],
};

test('undefined-var: valid Dockerfiles give no finding', () => checkValid('undefined-var', cases.valid));
test('undefined-var: invalid Dockerfiles give their findings, on their lines', () => checkInvalid('undefined-var', cases.invalid));
