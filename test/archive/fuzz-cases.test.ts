/**
 * Replays every input `npm run fuzz` saved under test/fuzz-cases/ against the bad-input contract: through the
 * CLI, or, for a case the fuzzer found feeding the tar parser in process (`.why` says tar-parser), through the parser.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasStackTrace, repoRoot, runCli } from '../helpers.js';
import { TarParser } from '../../src/archive/tar-parser.js';
import { TarFormatError } from '../../src/archive/tar-header.js';
import { HostileEntryError } from '../../src/archive/entry-path.js';

const casesDir = join(repoRoot, 'test/fuzz-cases');
const cases = existsSync(casesDir) ? readdirSync(casesDir).filter((n) => n.endsWith('.tar') || n.endsWith('.Dockerfile')) : [];

test('saved fuzz cases keep the bad-input contract', { skip: cases.length === 0 ? 'no saved fuzz cases under test/fuzz-cases' : undefined }, async () => {
  for (const name of cases) {
    const why = existsSync(join(casesDir, name + '.why')) ? readFileSync(join(casesDir, name + '.why'), 'utf8').split('\n')[0] : '';
    if (why === 'tar-parser') {
      // Found in process: the tar parser may refuse the bytes only with its own errors.
      const parser = new TarParser({ entry() {}, data() {}, entryEnd() {} });
      try {
        parser.write(readFileSync(join(casesDir, name)));
        parser.end();
      } catch (error) {
        assert.ok(error instanceof TarFormatError || error instanceof HostileEntryError, `${name}: the tar parser threw ${(error as Error)?.name}: ${(error as Error)?.message}`);
      }
      continue;
    }
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
