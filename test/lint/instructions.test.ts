import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openImage } from '../../src/image/open.js';
import { instructionsOfImage } from '../../src/lint/instructions.js';
import { sample } from '../helpers.js';

test('instructions from history: the imported base layer is inherited, RUN text is the bare command', async () => {
  const instructions = instructionsOfImage(await openImage(sample('waste.docker.tar')));
  assert.equal(instructions[0].inherited, true);
  assert.equal(instructions[0].layerIndex, 0);
  assert.ok(instructions.slice(1).every((i) => !i.inherited));
  const rm = instructions.find((i) => i.layerIndex === 7)!;
  assert.deepEqual([rm.instruction, rm.arguments, rm.text], ['RUN', 'rm /srv/app/big.bin', 'RUN rm /srv/app/big.bin']);
  assert.equal(instructions.find((i) => i.layerIndex === 2)!.bytes, 300000);
});

test('BuildKit history: keywords and `# buildkit` suffixes are parsed away', async () => {
  const instructions = instructionsOfImage(await openImage(sample('buildkit.docker.tar')));
  assert.ok(instructions.some((i) => i.text === 'ADD notes.txt /opt/app/notes.txt'));
  assert.ok(instructions.every((i) => !i.text.includes('# buildkit')));
});
