// The dashboard toolbar's "Kiosk mode" button: `?kiosk` hides the frame and the toolbar;
// Escape brings them back.
import { useSearchParams } from 'react-router';
import { Icon } from '../../app/Icon';
import { withParams } from './view';

export function KioskButton() {
  const [, setParams] = useSearchParams();
  return (
    <button type="button" className="icon-btn" onClick={() => setParams((current) => withParams(current, { kiosk: '' }))} aria-label="Kiosk mode" title="Kiosk mode (Esc to leave)">
      <Icon name="monitor" />
    </button>
  );
}
