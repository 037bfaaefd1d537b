/** Source cases (tsimage lint) for undefined-arg-in-from (BuildKit's UndefinedArgInFrom), ESLint RuleTester style. */
import { test } from 'node:test';
import { checkInvalid, checkValid, type SourceCases } from './source-tester.js';

const cases: SourceCases = {
  valid: [
    'ARG VARIANT=-alpine3.20\nFROM node:22${VARIANT} AS build',
    'FROM --platform=$BUILDPLATFORM golang:1.22',
    'FROM node:22${VARIANT:-} AS build',
    'ARG BASE\nFROM $BASE',
  ],
  invalid: [
    { code: 'FROM node:22${VARIANT} AS build', errors: [{ line: 1, message: "FROM argument 'VARIANT' is not declared" }] },
    { code: 'FROM --platform=$BUILDPLATFROM golang:1.22', errors: [{ line: 1, message: 'did you mean BUILDPLATFORM' }] },
    // An ARG after the first FROM is the stage's, not the global scope FROM expands.
    { code: 'FROM alpine:3.20\nARG TAG=3.20\nFROM alpine:$TAG', errors: [{ line: 3, message: "'TAG'" }] },
  ],
};

test('undefined-arg-in-from: valid Dockerfiles give no finding', () => checkValid('undefined-arg-in-from', cases.valid));
test('undefined-arg-in-from: invalid Dockerfiles give their findings, on their lines', () => checkInvalid('undefined-arg-in-from', cases.invalid));
