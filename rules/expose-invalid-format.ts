import { defineRule } from '../src/lint/rule.js';
import { at, exposedWords } from '../src/lint/source-helpers.js';

export default defineRule({
  id: 'expose-invalid-format',
  category: 'hygiene',
  severity: 'warning',
  description: 'EXPOSE with an IP address or a host-port mapping (8080:80): those belong to docker run -p',
  buildkit: ['ExposeInvalidFormat'],
  docs: {
    why: 'EXPOSE documents the port the container listens on; which host address and port publish it is decided at run time (`docker run -p 8080:80`). The builder keeps only the container port of `EXPOSE 127.0.0.1:8080:80`, so the Dockerfile promises a mapping that never happens.',
    bad: 'EXPOSE 127.0.0.1:8080:80',
    good: 'EXPOSE 80\n# and at run time: docker run -p 127.0.0.1:8080:80 IMAGE',
  },
  checkSource(dockerfile, report) {
    for (const { ins, word } of exposedWords(dockerfile)) {
      if (!word.includes(':') || word.includes('$')) continue;
      const containerPort = word.slice(word.lastIndexOf(':') + 1);
      report({ message: `EXPOSE instruction should not define an IP address or host-port mapping, found '${word}'`, ...at(ins), fix: `EXPOSE ${containerPort} (publish with docker run -p ${word})` });
    }
  },
});
