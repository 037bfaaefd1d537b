/**
 * The fixes for BuildKit's ConsistentInstructionCasing, FromAsCasing and LegacyKeyValueFormat, through the
 * fix applier with a stand-in rule per fix (the rules that find them come with the BuildKit checks):
 * each Dockerfile becomes exactly its output, and the ones with nothing safe to do stay as they are.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDockerfile } from '../../src/dockerfile/parse.js';
import type { DockerfileInstruction } from '../../src/dockerfile/parse.js';
import { fixDockerfile } from '../../src/lint/apply-fixes.js';
import { fromAsCasingFix, keywordCasingFix, legacyKeyValueFix } from '../../src/lint/casing-fix-edits.js';
import { runSourceRules } from '../../src/lint/lint-source.js';
import type { LoadedRule } from '../../src/lint/run-rules.js';
import type { SourceFix } from '../../src/lint/source-fix.js';
import { at } from '../../src/lint/source-helpers.js';

/** A rule that reports every instruction its fix builder has a fix for. */
function standIn(id: string, build: (ins: DockerfileInstruction) => SourceFix | undefined): LoadedRule {
  return {
    id, category: 'hygiene', severity: 'info', description: id, docs: { why: '', bad: '', good: '' },
    checkSource(df, report) {
      for (const ins of df.instructions) {
        const autofix = build(ins);
        if (autofix) report({ message: id, ...at(ins), autofix });
      }
    },
  };
}

async function fixed(rule: LoadedRule, code: string): Promise<string> {
  return (await fixDockerfile(code, async (text) => runSourceRules(parseDockerfile(text), [rule], { file: 'Dockerfile' }).findings, { unsafe: false })).text;
}

const CASES: { rule: LoadedRule; valid: string[]; invalid: [string, string][] }[] = [
  {
    rule: standIn('consistent-instruction-casing', (ins) => keywordCasingFix(ins, 'upper')),
    valid: ['FROM a:1\nRUN echo run\n'],
    invalid: [['from a:1\nRun echo run \\\n  && true\ncopy a b\n', 'FROM a:1\nRUN echo run \\\n  && true\nCOPY a b\n']],
  },
  {
    rule: standIn('from-as-casing', fromAsCasingFix),
    valid: ['FROM a:1 AS b\nfrom a:1 as c\nFROM alias:1\n'],
    invalid: [['FROM --platform=linux/amd64 a:1 as build\nfrom b:1 AS run\n', 'FROM --platform=linux/amd64 a:1 AS build\nfrom b:1 as run\n']],
  },
  {
    rule: standIn('legacy-key-value-format', legacyKeyValueFix),
    valid: ['FROM a:1\nENV A=1\nENV B "quoted"\nENV C a  b\nLABEL d=1 e=2\nENV F a \\\n  b\n'],
    invalid: [['FROM a:1\nENV A 1\nENV PATH /opt/bin:$PATH\nLABEL title a sample image\n', 'FROM a:1\nENV A=1\nENV PATH=/opt/bin:$PATH\nLABEL title="a sample image"\n']],
  },
];

for (const { rule, valid, invalid } of CASES) {
  test(`${rule.id} fix: valid Dockerfiles stay as they are`, async () => {
    for (const code of valid) assert.equal(await fixed(rule, code), code);
  });
  test(`${rule.id} fix: invalid Dockerfiles become their output, and fixing again changes nothing`, async () => {
    for (const [code, output] of invalid) {
      assert.equal(await fixed(rule, code), output);
      assert.equal(await fixed(rule, output), output);
    }
  });
}
