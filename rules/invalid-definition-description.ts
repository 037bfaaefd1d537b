import { argDeclarations } from '../src/lint/build-variables.js';
import { defineRule } from '../src/lint/rule.js';
import { at } from '../src/lint/source-helpers.js';
import { writtenStageName } from './stage-name-casing.js';

/** Our own and hadolint's pragmas sit right above instructions too; they are not descriptions. */
const PRAGMA = /^(tsimage|hadolint)\s/;

export default defineRule({
  id: 'invalid-definition-description',
  category: 'hygiene',
  severity: 'info',
  description: 'the comment right above a named FROM or an ARG does not start with its name, so build tools do not show it as the description',
  buildkit: ['InvalidDefinitionDescription'],
  experimental: true,
  docs: {
    why: '`docker build --call=outline` and `--call=targets` describe stages and build arguments with the comment right above their FROM or ARG, when it starts with the name (`# VERSION picks the release`). Any other comment there is taken as a description that does not follow the format; a blank line between the comment and the instruction says it is not one. Experimental in BuildKit and here: it runs when the config turns it on or the Dockerfile says `# check=experimental=InvalidDefinitionDescription`.',
    bad: '# the version to build\nARG VERSION=1',
    good: '# VERSION is the release to build\nARG VERSION=1',
  },
  checkSource(dockerfile, report) {
    // Parser directives are the file's first lines; they are not comments on the first instruction.
    const directiveLines = Object.keys(dockerfile.directives).length;
    for (const ins of dockerfile.instructions) {
      let names: string[];
      if (ins.keyword === 'ARG') names = argDeclarations(ins).map(([name]) => name);
      else if (ins.keyword === 'FROM') {
        const stage = writtenStageName(ins.argumentsWithoutFlags);
        names = stage ? [stage.name] : [];
      } else continue;
      const above = ins.comments.filter((c) => c.line < ins.startLine && c.line > directiveLines);
      const last = above[above.length - 1];
      if (names.length === 0 || !last || last.line !== ins.startLine - 1 || PRAGMA.test(last.text)) continue;
      const first = last.text.split(' ')[0];
      if (names.includes(first)) continue;
      report({ message: `the comment above ${ins.keyword} ${names.length > 1 ? 'these build arguments' : names[0]} should read "# ${names.length > 1 ? '<arg_key>' : names[0]} <description>", or be set apart by an empty line`, ...at(ins), fix: `# ${names.length > 1 ? '<arg_key>' : names[0]} ${last.text}` });
    }
  },
});
