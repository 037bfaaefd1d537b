/**
 * Files that every package install, `useradd` or `ldconfig` rewrites in place: the package managers'
 * databases and logs, the dynamic linker's cache and the account files. A layer that installs anything
 * writes a new version of them over the base image's, and no Dockerfile can avoid that (the base layer
 * cannot be changed), so the rules that judge overwritten and re-stored files treat them apart.
 */
const BOOKKEEPING: RegExp[] = [
  // dpkg and apt (var/lib/dpkg/status, status-old, available, diversions, triggers/*; apt's extended_states)
  /^var\/lib\/dpkg\/(status|status-old|available|available-old|diversions|diversions-old|statoverride|statoverride-old|triggers\/.+)$/,
  /^var\/lib\/apt\/extended_states$/,
  // debconf's database (config.dat, templates.dat, passwords.dat and their -old copies)
  /^var\/cache\/debconf\/[^/]+\.dat(-old)?$/,
  // the package managers' own logs, appended to by every install
  /^var\/log\/(dpkg\.log|alternatives\.log|apt\/(history|term|eipp)\.log(\.xz)?)$/,
  // apk (lib/apk/db/*, etc/apk/world), rpm, dnf and yum databases
  /^lib\/apk\/db\/.+$/, /^etc\/apk\/world$/,
  /^(var\/lib\/rpm|usr\/lib\/sysimage\/rpm|var\/lib\/dnf|var\/lib\/yum)\/.+$/,
  // ldconfig, run by every package that ships a library
  /^etc\/ld\.so\.cache$/, /^var\/cache\/ldconfig\/aux-cache$/,
  // useradd/groupadd/chpasswd (and their `-` backups)
  /^etc\/(passwd|shadow|group|gshadow|subuid|subgid)-?$/,
];

/** True for a file any package install or user creation rewrites: see BOOKKEEPING. */
export function isPackageBookkeeping(path: string): boolean {
  return BOOKKEEPING.some((re) => re.test(path));
}
