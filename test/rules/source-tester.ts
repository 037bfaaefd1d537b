/**
 * ESLint RuleTester style for source checks: `valid` Dockerfiles must give no finding of the rule,
 * `invalid` ones exactly the findings listed (line, and text the message must contain).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDockerfile } from '../../src/dockerfile/parse.js';
import { loadBuiltinRules } from '../../src/lint/load-rules.js';
import { runSourceRules } from '../../src/lint/lint-source.js';
import type { Finding } from '../../src/lint/types.js';

export interface InvalidCase {
  code: string;
  errors: { line: number; message?: string | RegExp }[];
}

export interface SourceCases {
  valid: string[];
  invalid: InvalidCase[];
}

/** The findings of one rule on a Dockerfile, inline ignores applied. */
export async function lintSource(ruleId: string, code: string): Promise<Finding[]> {
  const rules = (await loadBuiltinRules()).filter((r) => r.id === ruleId);
  assert.equal(rules.length, 1, `no built-in rule ${ruleId}`);
  assert.ok(rules[0]!.checkSource, `${ruleId} has no checkSource`);
  return runSourceRules(parseDockerfile(code), rules, { file: 'Dockerfile' }).findings;
}

export async function checkValid(ruleId: string, valid: readonly string[]): Promise<void> {
  assert.ok(valid.length > 0, 'at least one valid case');
  for (const code of valid) {
    const findings = await lintSource(ruleId, code);
    assert.deepEqual(findings.map((f) => `${f.line}: ${f.message}`), [], `expected no finding in:\n${code}`);
  }
}

/** The rule finds exactly the expected lines in `code`, each with its message. */
async function assertInvalidCase(ruleId: string, code: string, errors: InvalidCase['errors']): Promise<void> {
    const findings = await lintSource(ruleId, code);
    assert.deepEqual(findings.map((f) => f.line), errors.map((e) => e.line), `lines of the findings in:\n${code}\ngot: ${findings.map((f) => `${f.line}: ${f.message}`).join('\n')}`);
    for (const [j, e] of errors.entries()) {
      const f = findings[j]!;
      assert.equal(f.ruleId, ruleId);
      assert.equal(f.file, 'Dockerfile');
      if (typeof e.message === 'string') assert.ok(f.message.includes(e.message), `"${f.message}" should contain "${e.message}"`);
      else if (e.message) assert.match(f.message, e.message);
    }
}

export async function checkInvalid(ruleId: string, invalid: readonly InvalidCase[]): Promise<void> {
  assert.ok(invalid.length > 0, 'at least one invalid case');
  for (const { code, errors } of invalid) {
    await assertInvalidCase(ruleId, code, errors);
  }
}

/** One test per case, for a file that holds the source cases of several rules. */
export function ruleTester(ruleId: string, cases: SourceCases): void {
  for (const [i, code] of cases.valid.entries()) {
    test(`${ruleId} source: valid #${i + 1}`, async () => {
      const findings = await lintSource(ruleId, code);
      assert.deepEqual(findings.map((f) => `${f.line}: ${f.message}`), [], `expected no finding in:\n${code}`);
    });
  }
  for (const [i, { code, errors }] of cases.invalid.entries()) {
    test(`${ruleId} source: invalid #${i + 1}`, async () => {
      await assertInvalidCase(ruleId, code, errors);
    });
  }
}
