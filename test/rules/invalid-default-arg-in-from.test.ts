/** Source cases (tsimage lint) for invalid-default-arg-in-from (BuildKit's InvalidDefaultArgInFrom), ESLint RuleTester style. */
import { test } from 'node:test';
import { checkInvalid, checkValid, type SourceCases } from './source-tester.js';

const cases: SourceCases = {
  valid: [
    'ARG TAG=3.20\nFROM alpine:${TAG}',
    'ARG IMAGE=alpine:3.20\nFROM $IMAGE',
    'ARG TAG\nFROM alpine:${TAG:-3.20}',
    'FROM alpine:3.20 AS build_amd64\nFROM build_${TARGETARCH}',
  ],
  invalid: [
    { code: 'ARG TAG\nFROM alpine:${TAG}', errors: [{ line: 2, message: 'invalid ("alpine:")' }] },
    { code: 'ARG BASE\nFROM ${BASE}', errors: [{ line: 2, message: 'an empty base image name' }] },
  ],
};

test('invalid-default-arg-in-from: valid Dockerfiles give no finding', () => checkValid('invalid-default-arg-in-from', cases.valid));
test('invalid-default-arg-in-from: invalid Dockerfiles give their findings, on their lines', () => checkInvalid('invalid-default-arg-in-from', cases.invalid));
