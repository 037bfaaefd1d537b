import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tarChecksumMatches } from '../../src/archive/tar-header.js';
import { seededRandom } from '../seeded-random.js';

/** The checksum as POSIX defines it, byte by byte: the field itself counted as eight spaces. */
function referenceSums(block: Buffer, offset: number): { unsigned: number; signed: number } {
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < 512; i++) {
    const b = i >= 148 && i < 156 ? 32 : block[offset + i];
    unsigned += b;
    signed += b > 127 ? b - 256 : b;
  }
  return { unsigned, signed };
}

function writeChecksum(block: Buffer, offset: number, value: number): void {
  block.write(value.toString(8).padStart(6, '0') + '\0 ', offset + 148, 'latin1');
}

test('header checksums: the word-wise sum agrees with the byte-wise one at every alignment, for random and all-0xff blocks', () => {
  const random = seededRandom(11);
  for (let round = 0; round < 3000; round++) {
    const shift = round % 8;
    const buffer = Buffer.alloc(512 * 2 + 8);
    const offset = shift + 512 * (round % 2);
    const fill = round % 100 === 0 ? () => 0xff : () => Math.floor(random() * 256);
    for (let i = 0; i < 512; i++) buffer[offset + i] = fill();
    const { unsigned, signed } = referenceSums(buffer, offset);
    writeChecksum(buffer, offset, unsigned);
    assert.equal(tarChecksumMatches(buffer, offset), true, `unsigned, round ${round}`);
    writeChecksum(buffer, offset, unsigned + 1);
    assert.equal(tarChecksumMatches(buffer, offset), unsigned + 1 === signed, `off by one, round ${round}`);
    if (signed >= 0 && signed !== unsigned) {
      writeChecksum(buffer, offset, signed);
      assert.equal(tarChecksumMatches(buffer, offset), true, `signed, round ${round}`);
    }
  }
});
