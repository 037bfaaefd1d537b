/** Replays every input `npm run fuzz` saved under test/fuzz-cases/ through the CLI, against the bad-input contract. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasStackTrace, repoRoot, runCli } from '../helpers.js';

const casesDir = join(repoRoot, 'test/fuzz-cases');
const cases = existsSync(casesDir) ? readdirSync(casesDir).filter((n) => n.endsWith('.tar') || n.endsWith('.Dockerfile')) : [];

test('saved fuzz cases keep the bad-input contract', { skip: cases.length === 0 ? 'no saved fuzz cases under test/fuzz-cases' : undefined }, async () => {
  for (const name of cases) {
    const why = existsSync(join(casesDir, name + '.why')) ? readFileSync(join(casesDir, name + '.why'), 'utf8').split('\n')[0] : '';
    const args = why.startsWith('analyze') || why.startsWith('lint') ? why.split(' ') : name.endsWith('.Dockerfile') ? ['lint'] : ['analyze'];
    const tmp = mkdtempSync(join(tmpdir(), 'tsimage-fuzz-case-'));
    try {
      const result = await runCli([...args, join(casesDir, name)], { env: { TMPDIR: tmp } });
      assert.ok([0, 1, 2].includes(result.code ?? -1), `${name}: exit ${result.code}`);
      assert.equal(hasStackTrace(result.stderr), false, `${name}: ${result.stderr}`);
      assert.doesNotMatch(result.stderr, /internal error/, name);
      if (result.code === 2) assert.equal(result.stderr.trim().split('\n').filter((l) => !l.startsWith('note:')).length, 1, `${name}: ${result.stderr}`);
      assert.deepEqual(readdirSync(tmp), [], `${name} left files in TMPDIR`);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }
});
