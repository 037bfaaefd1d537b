import { defineRule } from '../src/lint/rule.js';
import { finalFiles, groupBy, instructionText, isInheritedLayer, listPaths, type FinalFile } from '../src/lint/rule-helpers.js';
import { formatBytes } from '../src/bytes.js';

/** Compilers, linkers and build drivers (with Debian's triplet and version spellings: x86_64-linux-gnu-gcc-12). */
const TOOL = /^(?:usr\/(?:local\/)?|usr\/local\/go\/|usr\/local\/cargo\/|usr\/lib\/jvm\/[^/]+\/)?bin\/(?:[\w]+-linux-gnu(?:eabihf)?-)?(gcc|g\+\+|c\+\+|cc|cpp|clang|clang\+\+|make|gmake|cmake|ninja|ld|ld\.bfd|ld\.gold|as|rustc|cargo|javac|go)(?:-[\d.]+)?$/;
/** The toolchains' own trees: the bulk of their bytes. */
const TOOLCHAIN_TREE = /^usr\/(?:lib|libexec)\/gcc(?:-cross)?\/|^usr\/lib\/llvm-[\d.]+\/|^usr\/local\/go\/pkg\/tool\//;
/** C headers: what -dev packages install; useless without a compiler. */
const HEADER = /^usr\/(?:local\/)?include\//;

export default defineRule({
  id: 'build-tools-in-final',
  category: 'bloat',
  severity: 'warning',
  description: 'compilers, make or -dev headers ship in the final image: build in a stage and copy only the result',
  docs: {
    why: 'Compilers, build drivers and development headers are needed to build, never to run. In the final image they cost tens to hundreds of megabytes and give an attacker a toolchain. A multi-stage build compiles in one stage and copies only the artifacts into a small runtime stage.',
    bad: 'FROM debian:bookworm\nRUN apt-get update && apt-get install -y gcc make libssl-dev && make -C /src && rm -rf /var/lib/apt/lists/*',
    good: 'FROM debian:bookworm AS build\nRUN apt-get update && apt-get install -y gcc make libssl-dev\nRUN make -C /src\n\nFROM debian:bookworm-slim\nCOPY --from=build /src/app /usr/local/bin/app',
  },
  check(ctx, report) {
    const files: FinalFile[] = [];
    const tools: string[] = [];
    for (const file of finalFiles(ctx)) {
      const tool = TOOL.exec(file.path);
      if (tool) tools.push(tool[1]);
      if (tool || TOOLCHAIN_TREE.test(file.path) || HEADER.test(file.path)) files.push(file);
    }
    // Headers alone can come with a runtime library; a compiler or make is the clear sign of a build left behind.
    if (tools.length === 0) return;
    const names = [...new Set(tools)].sort();
    // One finding for the whole toolchain, pointed at the layer that installed most of it.
    const byLayer = [...groupBy(files, (f) => f.layerIndex)].map(([layerIndex, list]) => ({ layerIndex, bytes: list.reduce((s, f) => s + f.entry.size, 0) }));
    byLayer.sort((a, b) => b.bytes - a.bytes || a.layerIndex - b.layerIndex);
    const main = byLayer[0].layerIndex;
    const bytes = files.reduce((s, f) => s + f.entry.size, 0);
    const paths = files.map((f) => f.path).sort();
    const fromBase = isInheritedLayer(ctx, main);
    report({
      message: `build tools (${names.join(', ')}) ship in the final image: ${formatBytes(bytes)} in ${paths.length} files of compilers, toolchain trees and headers${fromBase ? ', most of it from the base image' : ''} (${listPaths(paths.filter((p) => TOOL.test(p)))})`,
      layerIndex: main,
      instruction: instructionText(ctx, main),
      paths,
      bytes,
      fix: fromBase
        ? 'build in a stage FROM this (SDK) base, then COPY --from=build only the artifacts into a runtime or distroless base'
        : 'install the build tools in a build stage (FROM ... AS build) and COPY --from=build only the artifacts into the final stage',
    });
  },
});
