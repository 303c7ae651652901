// Kiosk mode (`?kiosk`), as in Grafana: the frame hides its navigation so a wall screen
// shows only the dashboard; Escape on the dashboard leaves it.

export type KioskMode = 'off' | 'full' | 'tv';

/** `?kiosk` (or `kiosk=1`, `kiosk=true`): no chrome at all; `?kiosk=tv`: no navigation, but
 * the dashboard's own title and controls stay. */
export function kioskMode(params: URLSearchParams): KioskMode {
  if (!params.has('kiosk')) return 'off';
  const value = params.get('kiosk');
  return value === 'tv' ? 'tv' : value === 'false' || value === '0' ? 'off' : 'full';
}
