import { defineRule } from '../src/lint/rule.js';
import { at, exposedWords } from '../src/lint/source-helpers.js';

export default defineRule({
  id: 'expose-proto-casing',
  category: 'hygiene',
  severity: 'warning',
  description: 'EXPOSE with a protocol in capitals (80/TCP): write it in lower case',
  buildkit: ['ExposeProtoCasing'],
  docs: {
    why: 'The image config stores exposed ports as `80/tcp`; the builder lower-cases `80/TCP`, so the Dockerfile and `docker inspect` spell the port differently and a search for one misses the other.',
    bad: 'EXPOSE 80/TCP',
    good: 'EXPOSE 80/tcp',
  },
  checkSource(dockerfile, report) {
    for (const { ins, word } of exposedWords(dockerfile)) {
      const proto = /\/([A-Za-z]+)$/.exec(word)?.[1];
      if (proto === undefined || proto === proto.toLowerCase() || word.includes('$')) continue;
      report({ message: `defined protocol '${word}' in EXPOSE instruction should be lower case`, ...at(ins), fix: `EXPOSE ${word.toLowerCase()}` });
    }
  },
});
