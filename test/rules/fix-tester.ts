/**
 * RuleTester's `output` for fixes: a Dockerfile, fixed by one rule (or all), must become exactly `output`;
 * a `valid` one (nothing to fix, or a fix the rule must not offer) must stay byte for byte; and fixing the
 * output again changes nothing.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDockerfile } from '../../src/dockerfile/parse.js';
import { fixDockerfile, type FixOutcome } from '../../src/lint/apply-fixes.js';
import { runSourceRules } from '../../src/lint/lint-source.js';
import { loadBuiltinRules } from '../../src/lint/load-rules.js';

export interface FixCase {
  code: string;
  output: string;
  /** Apply unsafe fixes too (`--unsafe`). */
  unsafe?: boolean;
}

export interface FixCases {
  /** Dockerfiles the rule's fix leaves as they are (with and without --unsafe). */
  valid: string[];
  invalid: FixCase[];
}

/** Fixes `code` with the rule `ruleId` only (or every built-in rule for `*`). */
export async function fixWith(ruleId: string, code: string, unsafe: boolean): Promise<FixOutcome> {
  const rules = (await loadBuiltinRules()).filter((r) => ruleId === '*' || r.id === ruleId);
  assert.ok(rules.length > 0, `no built-in rule ${ruleId}`);
  return fixDockerfile(code, async (text) => runSourceRules(parseDockerfile(text), rules, { file: 'Dockerfile' }).findings, { unsafe });
}

/** One test per case. */
export function fixTester(ruleId: string, cases: FixCases): void {
  for (const [i, code] of cases.valid.entries()) {
    test(`${ruleId} fix: valid #${i + 1} stays as it is`, async () => {
      for (const unsafe of [false, true]) assert.equal((await fixWith(ruleId, code, unsafe)).text, code, `unsafe=${unsafe}`);
    });
  }
  for (const [i, { code, output, unsafe = false }] of cases.invalid.entries()) {
    test(`${ruleId} fix: invalid #${i + 1} becomes its output${unsafe ? ' (--unsafe)' : ''}`, async () => {
      const fixed = await fixWith(ruleId, code, unsafe);
      assert.equal(fixed.text, output);
      assert.ok(fixed.fixed.length > 0 && fixed.fixed.every((f) => f.ruleId === ruleId || ruleId === '*'));
      assert.equal((await fixWith(ruleId, output, unsafe)).text, output, 'a second --fix changes nothing');
      // An unsafe fix is never taken without --unsafe.
      if (unsafe && ruleId !== '*') assert.equal((await fixWith(ruleId, code, false)).text, code, 'without --unsafe nothing changes');
    });
  }
}
