import type { ImageConfig } from '../image/model.js';

/**
 * An OCI runtime config.json (runtime-spec config.md) in the shape `runc spec` writes, patched with the
 * image's process settings. Rootless (not uid 0) follows `runc spec --rootless` / specconv.ToRootless:
 * a user namespace mapping container root to the caller, /sys bind-mounted read-only, no cgroup limits.
 * Without --network the container gets a network namespace of its own (only loopback); with it, the host's.
 */
export interface RuntimeProcess {
  args: string[];
  env: string[];
  cwd: string;
  uid: number;
  gid: number;
}

const DEFAULT_CAPS = ['CAP_AUDIT_WRITE', 'CAP_KILL', 'CAP_NET_BIND_SERVICE', 'CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_FOWNER', 'CAP_FSETID', 'CAP_SETGID', 'CAP_SETUID', 'CAP_SETPCAP', 'CAP_SYS_CHROOT', 'CAP_MKNOD', 'CAP_NET_RAW', 'CAP_SETFCAP'];

/** Mount destinations the runtime puts over the rootfs; their contents are not the image's. */
export const RUNTIME_MOUNT_ROOTS = ['proc', 'sys', 'dev'];

export function buildRuntimeSpec(proc: RuntimeProcess, options: { rootless: boolean; network: boolean; hostname?: string; rootPath?: string }): Record<string, unknown> {
  const caps = proc.uid === 0 ? DEFAULT_CAPS : [];
  const namespaces: { type: string }[] = [{ type: 'pid' }, { type: 'ipc' }, { type: 'uts' }, { type: 'mount' }];
  if (!options.network) namespaces.push({ type: 'network' });
  if (options.rootless) namespaces.push({ type: 'user' });
  else namespaces.push({ type: 'cgroup' });
  const uid = process.getuid?.() ?? 0;
  const gid = process.getgid?.() ?? 0;
  return {
    ociVersion: '1.0.2',
    process: {
      terminal: false,
      user: { uid: proc.uid, gid: proc.gid },
      args: proc.args,
      env: proc.env,
      cwd: proc.cwd,
      capabilities: { bounding: caps, effective: caps, permitted: caps, ambient: caps },
      rlimits: [{ type: 'RLIMIT_NOFILE', hard: 1024, soft: 1024 }],
      noNewPrivileges: true,
    },
    root: { path: options.rootPath ?? 'rootfs', readonly: false },
    hostname: options.hostname ?? 'tsimage',
    mounts: [
      { destination: '/proc', type: 'proc', source: 'proc' },
      { destination: '/dev', type: 'tmpfs', source: 'tmpfs', options: ['nosuid', 'strictatime', 'mode=755', 'size=65536k'] },
      { destination: '/dev/pts', type: 'devpts', source: 'devpts', options: ['nosuid', 'noexec', 'newinstance', 'ptmxmode=0666', 'mode=0620', ...(options.rootless ? [] : ['gid=5'])] },
      { destination: '/dev/shm', type: 'tmpfs', source: 'shm', options: ['nosuid', 'noexec', 'nodev', 'mode=1777', 'size=65536k'] },
      { destination: '/dev/mqueue', type: 'mqueue', source: 'mqueue', options: ['nosuid', 'noexec', 'nodev'] },
      options.rootless
        ? { destination: '/sys', type: 'none', source: '/sys', options: ['rbind', 'nosuid', 'noexec', 'nodev', 'ro'] }
        : { destination: '/sys', type: 'sysfs', source: 'sysfs', options: ['nosuid', 'noexec', 'nodev', 'ro'] },
    ],
    linux: {
      ...(options.rootless
        ? { uidMappings: [{ containerID: 0, hostID: uid, size: 1 }], gidMappings: [{ containerID: 0, hostID: gid, size: 1 }] }
        : { resources: { devices: [{ allow: false, access: 'rwm' }] } }),
      namespaces,
      maskedPaths: ['/proc/acpi', '/proc/asound', '/proc/kcore', '/proc/keys', '/proc/latency_stats', '/proc/timer_list', '/proc/timer_stats', '/proc/sched_debug', '/sys/firmware', '/proc/scsi'],
      readonlyPaths: ['/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger'],
    },
  };
}

/** The process the image would run: Entrypoint + (the given command, else Cmd), as `docker run` builds it. */
export function processArgs(config: ImageConfig, command: string[], entrypoint?: string): string[] {
  const ep = entrypoint === undefined ? config.Entrypoint ?? [] : entrypoint === '' ? [] : [entrypoint];
  const cmd = command.length ? command : entrypoint !== undefined ? [] : config.Cmd ?? [];
  return [...ep, ...cmd];
}

/** `user`, `uid`, `user:group`, `uid:gid`, resolved against the rootfs's /etc/passwd and /etc/group. */
export function resolveUser(user: string | undefined, passwd: string, group: string): { uid: number; gid: number } {
  if (!user) return { uid: 0, gid: 0 };
  const [name, groupName] = user.split(':');
  const users = passwd.split('\n').map((l) => l.split(':')).filter((f) => f.length >= 4);
  const groups = group.split('\n').map((l) => l.split(':')).filter((f) => f.length >= 3);
  const byName = users.find((f) => f[0] === name);
  const uid = /^\d+$/.test(name) ? Number(name) : byName ? Number(byName[2]) : NaN;
  if (Number.isNaN(uid)) throw new Error(`user ${name} is not in the image's /etc/passwd`);
  let gid = byName ? Number(byName[3]) : users.find((f) => Number(f[2]) === uid)?.[3] !== undefined ? Number(users.find((f) => Number(f[2]) === uid)![3]) : 0;
  if (groupName) {
    const g = /^\d+$/.test(groupName) ? Number(groupName) : Number(groups.find((f) => f[0] === groupName)?.[2] ?? NaN);
    if (Number.isNaN(g)) throw new Error(`group ${groupName} is not in the image's /etc/group`);
    gid = g;
  }
  return { uid, gid };
}
