export interface NmcliDevice {
  /** yes/no from NetworkManager, including its guesses ("yes (guessed)"); null for "unknown". */
  metered: boolean | null;
  /** The active connection's name; NetworkManager names Wi-Fi connections after their SSID. */
  connection: string | null;
}

/**
 * Reads `nmcli -t -f GENERAL.DEVICE,GENERAL.METERED,GENERAL.CONNECTION device show`: one block
 * per device, blocks separated by a blank line, lines like `GENERAL.METERED:no (guessed)` (terse)
 * or padded with spaces (the same fields without `-t`). Picks the block of `device`; output for a
 * single device may omit GENERAL.DEVICE. Returns undefined when the device or its METERED field
 * is not there (NetworkManager does not manage it).
 */
export function parseNmcli(output: string, device: string): NmcliDevice | undefined {
  const blocks = output.split(/\n\s*\n/);
  const block = blocks.find((candidate) => field(candidate, 'GENERAL.DEVICE') === device)
    ?? (field(output, 'GENERAL.DEVICE') === undefined ? output : undefined);
  const metered = block === undefined ? undefined : field(block, 'GENERAL.METERED');
  if (block === undefined || metered === undefined) return undefined;
  const connection = field(block, 'GENERAL.CONNECTION');
  const word = metered.split(' ')[0];
  return {
    metered: word === 'yes' ? true : word === 'no' ? false : null,
    connection: connection === undefined || connection === '' || connection === '--' ? null : connection,
  };
}

function field(text: string, name: string): string | undefined {
  return new RegExp(`^${name.replace('.', '\\.')}:\\s*(.*?)\\s*$`, 'm').exec(text)?.[1];
}
