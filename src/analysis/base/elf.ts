import type { Libc } from './types.js';

export interface ExecutableHead {
  kind: 'elf-static' | 'elf-dynamic' | 'script' | 'unknown';
  interpreter?: string;
  libc?: Libc;
}

const PT_INTERP = 3;

/** The libc an ELF program interpreter belongs to (`/lib/ld-musl-x86_64.so.1` is musl, `ld-linux*` glibc). */
export function libcOfInterpreter(interpreter: string): Libc {
  if (/ld-musl/.test(interpreter)) return 'musl';
  if (/ld-linux|ld64\.so|ld\.so/.test(interpreter)) return 'glibc';
  return 'unknown';
}

/**
 * What kind of executable the first bytes of a file show. An ELF with no PT_INTERP program header is
 * statically linked (static-pie included): it needs no libc from the image, so scratch or a static
 * distroless base can run it. Reads the ELF header and program headers (System V gABI, both classes and
 * byte orders); a head too short to hold them gives `unknown`.
 */
export function inspectExecutable(head: Buffer): ExecutableHead {
  if (head.length >= 2 && head[0] === 0x23 && head[1] === 0x21) {
    const line = head.subarray(2, Math.min(head.length, 256)).toString('utf8').split('\n')[0].trim();
    return { kind: 'script', interpreter: line };
  }
  if (head.length < 52 || head.readUInt32BE(0) !== 0x7f454c46) return { kind: 'unknown' };
  const is64 = head[4] === 2;
  const little = head[5] === 1;
  const u16 = (o: number) => (little ? head.readUInt16LE(o) : head.readUInt16BE(o));
  const u32 = (o: number) => (little ? head.readUInt32LE(o) : head.readUInt32BE(o));
  const uAddr = (o: number) => (is64 ? Number(little ? head.readBigUInt64LE(o) : head.readBigUInt64BE(o)) : u32(o));
  if (is64 && head.length < 64) return { kind: 'unknown' };
  const phoff = uAddr(is64 ? 32 : 28);
  const phentsize = u16(is64 ? 54 : 42);
  const phnum = u16(is64 ? 56 : 44);
  if (phentsize === 0 || phoff + phentsize * phnum > head.length) return { kind: 'unknown' };
  for (let i = 0; i < phnum; i++) {
    const at = phoff + i * phentsize;
    if (u32(at) !== PT_INTERP) continue;
    const offset = uAddr(is64 ? at + 8 : at + 4);
    const size = uAddr(is64 ? at + 32 : at + 16);
    if (offset + size > head.length) return { kind: 'elf-dynamic' };
    const interpreter = head.subarray(offset, offset + size).toString('latin1').replace(/\0+$/, '');
    return { kind: 'elf-dynamic', interpreter, libc: libcOfInterpreter(interpreter) };
  }
  return { kind: 'elf-static', libc: 'none' };
}
