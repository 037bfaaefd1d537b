/**
 * Hand-made image models with the content of the files base identification reads (os-release, package
 * databases, the entrypoint's head), as the layer scan would have captured them.
 */
import { identifyBase } from '../../src/analysis/base/identify.js';
import type { ImageCheckContext } from '../../src/lint/rule.js';
import { makeContext, type ImageSpec } from './helpers.js';

export const TODAY = new Date('2026-11-23T12:00:00Z');

/** `captured[layerIndex][path]` is the content that layer wrote; the spec must list the same paths. */
export function contextWithFiles(spec: ImageSpec, captured: Record<number, Record<string, string | Buffer>>): ImageCheckContext {
  const ctx = makeContext(spec);
  for (const [index, files] of Object.entries(captured)) {
    ctx.image.layers[Number(index)].captured = new Map(Object.entries(files).map(([path, content]) => [path, Buffer.isBuffer(content) ? content : Buffer.from(content)]));
  }
  ctx.report.base = identifyBase(ctx.image, ctx.tree, { today: TODAY });
  return ctx;
}

/** The first bytes of a 64-bit little-endian ELF executable: static (one PT_LOAD) or with a PT_INTERP. */
export function elfHead(interpreter?: string): Buffer {
  const head = Buffer.alloc(256);
  head.writeUInt32BE(0x7f454c46, 0);
  head[4] = 2; // ELFCLASS64
  head[5] = 1; // little endian
  head[6] = 1;
  head.writeUInt16LE(2, 16); // ET_EXEC
  head.writeUInt16LE(0x3e, 18); // x86-64
  head.writeBigUInt64LE(64n, 32); // e_phoff
  head.writeUInt16LE(56, 54); // e_phentsize
  head.writeUInt16LE(interpreter ? 2 : 1, 56); // e_phnum
  head.writeUInt32LE(1, 64); // PT_LOAD
  if (interpreter) {
    head.writeUInt32LE(3, 120); // PT_INTERP
    head.writeBigUInt64LE(200n, 128); // p_offset
    head.writeBigUInt64LE(BigInt(interpreter.length + 1), 152); // p_filesz
    head.write(interpreter, 200, 'latin1');
  }
  return head;
}

export const DEBIAN_12_OS_RELEASE = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nVERSION="12 (bookworm)"\nVERSION_CODENAME=bookworm\nID=debian\n';
export const DEBIAN_10_OS_RELEASE = 'PRETTY_NAME="Debian GNU/Linux 10 (buster)"\nNAME="Debian GNU/Linux"\nVERSION_ID="10"\nVERSION="10 (buster)"\nVERSION_CODENAME=buster\nID=debian\n';
