import { defineRule } from '../src/lint/rule.js';
import { at, exposedWords } from '../src/lint/source-helpers.js';

/** Why an EXPOSE word is not a port (`80`, `80/tcp`, `8000-8010/udp`), or undefined when it is one. */
export function portProblem(word: string): string | undefined {
  if (word.includes('$')) return undefined;
  const match = /^(\d+)(?:-(\d+))?(?:\/(\w+))?$/.exec(word);
  if (!match) return 'not a port number';
  const low = Number(match[1]);
  const high = match[2] === undefined ? low : Number(match[2]);
  if (low > 65535 || high > 65535) return 'above 65535';
  if (high < low) return 'the range runs backwards';
  if (match[3] !== undefined && !['tcp', 'udp', 'sctp'].includes(match[3].toLowerCase())) return `unknown protocol ${match[3]} (tcp, udp or sctp)`;
  return undefined;
}

export default defineRule({
  id: 'expose-invalid-port',
  category: 'hygiene',
  severity: 'error',
  description: 'EXPOSE names something that is not a valid port (0-65535, optionally /tcp, /udp or /sctp)',
  hadolint: ['DL3011'],
  docs: {
    why: 'The builder rejects a port above 65535 or an unknown protocol. (A host:container mapping such as 8080:80 is expose-invalid-format\'s finding.)',
    bad: 'EXPOSE 70000 53/xyz',
    good: 'EXPOSE 8080/tcp',
  },
  checkSource(dockerfile, report) {
    for (const { ins, word } of exposedWords(dockerfile)) {
      // An address or host:container mapping is expose-invalid-format's (BuildKit's ExposeInvalidFormat).
      if (word.includes(':')) continue;
      const problem = portProblem(word);
      if (problem) report({ message: `EXPOSE ${word}: ${problem}`, ...at(ins), fix: 'EXPOSE <port>[/tcp|/udp|/sctp] with a port 0-65535' });
    }
  },
});
