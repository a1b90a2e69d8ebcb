export interface IpconfigSummary {
  interfaceType: string | null;
  /** Null when absent or when macOS redacts it (no Location Services permission). */
  ssid: string | null;
  router: string | null;
  /** An Android hotspot marks its DHCP offers with the vendor option "ANDROID_METERED". */
  androidMetered: boolean;
}

/**
 * Reads macOS `ipconfig getsummary <if>`, a nested "<dictionary> { Key : value }" dump:
 *
 *     <dictionary> {
 *       InterfaceType : WiFi
 *       LinkStatusActive : TRUE
 *       SSID : <redacted>
 *       Security : WPA2_PSK
 *     }
 *
 * Only top-level-looking `Key : value` lines matter here. Since macOS 15 the SSID reads
 * "<redacted>" unless the caller holds Location Services permission.
 */
export function parseIpconfigSummary(output: string): IpconfigSummary {
  const ssid = value(output, 'SSID');
  return {
    interfaceType: value(output, 'InterfaceType'),
    ssid: ssid === '<redacted>' ? null : ssid,
    router: value(output, 'Router'),
    androidMetered: output.includes('ANDROID_METERED'),
  };
}

function value(output: string, key: string): string | null {
  return new RegExp(`^\\s*${key} : (.+?)\\s*$`, 'm').exec(output)?.[1] ?? null;
}
