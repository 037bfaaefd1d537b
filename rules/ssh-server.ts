import { defineRule } from '../src/lint/rule.js';
import { instructionText } from '../src/lint/rule-helpers.js';
import { at, shippedInstructions } from '../src/lint/source-helpers.js';
import { shippedRuns, type SourceCommand } from '../src/lint/source-runs.js';

const SSH_DAEMONS = ['usr/sbin/sshd', 'usr/bin/sshd', 'usr/sbin/dropbear', 'usr/bin/dropbear'];

const SSH_SERVER = /^(openssh-server|openssh|dropbear)([=~<>:].*)?$/;

/** The SSH server packages the commands install, or undefined: no list made for the RUNs that install none. */
function sshServers(commands: readonly SourceCommand[]): string[] | undefined {
  let servers: string[] | undefined;
  for (const command of commands) {
    const packages = command.install?.packages;
    if (packages) for (const name of packages) if (SSH_SERVER.test(name)) (servers ??= []).push(name);
  }
  return servers;
}

export default defineRule({
  id: 'ssh-server',
  category: 'security',
  severity: 'warning',
  description: 'an SSH server is installed or port 22 is exposed',
  docs: {
    why: 'A container should run one service; an SSH daemon adds a network-facing login service, keys or passwords to manage, and a way around the orchestrator\'s access control. Use `docker exec` / `kubectl exec` to get a shell.',
    bad: 'RUN apt-get update && apt-get install -y openssh-server\nEXPOSE 22',
    good: '# no sshd: docker exec -it <container> sh',
  },
  check(ctx, report) {
    const daemons = SSH_DAEMONS.filter((p) => {
      const node = ctx.tree.get(p);
      return node?.entry && node.entry.type !== 'directory';
    });
    const exposed = ctx.image.config.ExposedPorts.filter((p) => /^22(\/tcp)?$/.test(p));
    if (daemons.length === 0 && exposed.length === 0) return;
    const layerIndex = daemons.length ? ctx.tree.get(daemons[0])!.layerIndex : undefined;
    report({
      message: [daemons.length ? `an SSH server is installed (${daemons.map((p) => '/' + p).join(', ')})` : '', exposed.length ? 'port 22 is exposed' : ''].filter(Boolean).join(' and '),
      layerIndex,
      instruction: layerIndex === undefined ? (exposed.length ? 'EXPOSE 22' : undefined) : instructionText(ctx, layerIndex),
      paths: daemons,
      fix: 'remove the SSH server and EXPOSE 22; get a shell with docker exec or kubectl exec',
    });
  },
  checkSource(dockerfile, report) {
    const fix = 'remove the SSH server and EXPOSE 22; get a shell with docker exec or kubectl exec';
    // The shipped RUNs are the RUNs of the shipped instructions, in the same order: walked side by side, so
    // findings come in file order (the per-rule cap keeps the first ones).
    const runs = shippedRuns(dockerfile);
    let next = 0;
    for (const ins of shippedInstructions(dockerfile)) {
      if (ins.keyword === 'RUN') {
        const commands = runs.commandsOf(next++);
        const servers = sshServers(commands);
        if (servers) report({ message: `this RUN installs an SSH server (${servers.join(', ')})`, ...at(ins), fix });
      }
      if (ins.keyword === 'EXPOSE' && ins.argumentsWithoutFlags.split(/\s+/).some((p) => /^22(\/tcp)?$/.test(p))) report({ message: 'port 22 (SSH) is exposed', ...at(ins), fix });
    }
  },
});
