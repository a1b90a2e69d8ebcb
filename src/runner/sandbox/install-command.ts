/** `KEY=value` lines of /etc/os-release, quotes removed. */
export function parseOsRelease(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (!match) continue;
    const [, key, raw] = match as unknown as [string, string, string];
    fields[key] = raw.replace(/^(["'])(.*)\1$/, '$2').replace(/\\(["\\$`])/g, '$1');
  }
  return fields;
}

/** Package manager commands by distribution id, as `ID` or any word of `ID_LIKE` names them. */
const INSTALL_BY_ID: ReadonlyArray<[ids: readonly string[], command: string]> = [
  [['debian', 'ubuntu'], 'sudo apt install bubblewrap'],
  [['fedora', 'rhel', 'centos', 'rocky', 'almalinux'], 'sudo dnf install bubblewrap'],
  [['arch', 'manjaro', 'endeavouros'], 'sudo pacman -S bubblewrap'],
  [['opensuse', 'suse', 'opensuse-leap', 'opensuse-tumbleweed', 'sles'], 'sudo zypper install bubblewrap'],
  [['alpine'], 'sudo apk add bubblewrap'],
  [['gentoo'], 'sudo emerge sys-apps/bubblewrap'],
  [['nixos'], 'add pkgs.bubblewrap to environment.systemPackages'],
];

/** How to install bubblewrap on the distribution `/etc/os-release` describes (undefined: unknown). */
export function bubblewrapInstallCommand(osRelease: string | undefined): string {
  const fields = parseOsRelease(osRelease ?? '');
  const ids = [fields.ID, ...(fields.ID_LIKE ?? '').split(/\s+/)].filter((id): id is string => Boolean(id));
  for (const id of ids) {
    const found = INSTALL_BY_ID.find(([known]) => known.includes(id));
    if (found) return found[1];
  }
  return "install the package that provides `bwrap` (usually named bubblewrap) with your distribution's package manager";
}
