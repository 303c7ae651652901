// The time range picker, as Grafana's: shift back / forward by half the range, the current
// range (in the dashboard's time zone) opening quick ranges and a from/to form that accepts
// Grafana's syntax (`now-6h`, `now/d`, dates typed in the zone), the time zone setting, and
// zoom out; `t ←`, `t →`, `t z` and Ctrl+Z do the same from the keyboard. Plus the refresh
// button and its auto-refresh interval.
import { useCallback, useMemo, useRef, useState, type FormEvent } from 'react';
import { Icon } from '../../app/Icon';
import { useShortcuts } from '../../app/keys';
import { useDismiss } from '../../app/useDismiss';
import { CALENDAR_RANGES, QUICK_RANGES, describeRange, formatRangeEnd, isRelative, resolveRangeInZone, type RawTimeRange } from '../../lib/time/range';
import { shiftRange, zoomOutRange, type AbsoluteRange } from '../../lib/time/shift';
import {
  BROWSER_ZONE,
  UTC_ZONE,
  filterTimeZones,
  formatDateTime,
  formatOffset,
  listTimeZones,
  parseDateTime,
  timeZoneOffset,
  zoneAbbreviation,
  zoneRegion,
  zoneTitle,
} from '../../lib/time/zone';
import './timepicker.css';

export interface TimeRangePickerProps {
  value: RawTimeRange;
  /** `browser`, `utc` or an IANA zone (normalized). */
  timeZone?: string;
  onChange: (range: RawTimeRange) => void;
  /** Without it the picker offers no zone setting. */
  onTimeZoneChange?: (zone: string) => void;
}

const asRawAbsolute = (range: AbsoluteRange): RawTimeRange => ({ from: String(range.from), to: String(range.to) });

export function TimeRangePicker({ value, timeZone = BROWSER_ZONE, onChange, onTimeZoneChange }: TimeRangePickerProps) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  const close = useCallback(() => setOpen(false), []);
  useDismiss(ref, open, close);

  // Shifts and zooms resolve the range against the clock at the moment they run.
  const move = useCallback(
    (change: (range: AbsoluteRange) => AbsoluteRange) => {
      const current = resolveRangeInZone(value, timeZone);
      if (current) onChange(asRawAbsolute(change(current)));
    },
    [value, timeZone, onChange],
  );
  const shiftBack = useCallback(() => move((range) => shiftRange(range, -1)), [move]);
  const shiftForward = useCallback(() => move((range) => shiftRange(range, 1)), [move]);
  const zoomOut = useCallback(() => move((range) => zoomOutRange(range, 2)), [move]);
  useShortcuts({ 't left': shiftBack, 't right': shiftForward, 't z': zoomOut, 'ctrl+z': zoomOut });

  const resolved = resolveRangeInZone(value, timeZone);
  const title = resolved ? `${formatDateTime(resolved.from, timeZone)} to ${formatDateTime(resolved.to, timeZone)}` : undefined;
  const zoneBadge = timeZone === BROWSER_ZONE ? undefined : zoneAbbreviation(timeZone, resolved?.to);

  return (
    <div className="time-picker" ref={ref}>
      <div className="time-picker__group">
        <button type="button" className="btn time-picker__shift" onClick={shiftBack} aria-label="Move time range backwards" title="Move time range backwards (t ←)">
          <Icon name="chevronLeft" size={14} />
        </button>
        <button
          type="button"
          className="btn time-picker__button"
          onClick={() => setOpen(!open)}
          aria-haspopup="dialog"
          aria-expanded={open}
          data-testid="time-picker"
          title={title && `${title}${zoneBadge ? ` (${zoneBadge})` : ''}`}
        >
          <Icon name="clock" />
          <span data-testid="time-picker-range">{describeRange(value, timeZone)}</span>
          {zoneBadge && <span className="time-picker__zone-badge" data-testid="time-picker-zone">{zoneBadge}</span>}
          <Icon name="chevronDown" size={14} />
        </button>
        {!isRelative(value) && (
          <button type="button" className="btn time-picker__shift" onClick={shiftForward} aria-label="Move time range forwards" title="Move time range forwards (t →)">
            <Icon name="chevronRight" size={14} />
          </button>
        )}
      </div>
      <button type="button" className="btn time-picker__zoom" onClick={zoomOut} aria-label="Zoom out time range" title="Zoom out time range (t z)">
        <Icon name="zoomOut" />
      </button>
      {open && (
        <TimeRangePopup
          key={timeZone}
          value={value}
          timeZone={timeZone}
          onChange={(range) => {
            onChange(range);
            setOpen(false);
          }}
          onTimeZoneChange={onTimeZoneChange}
        />
      )}
    </div>
  );
}

function TimeRangePopup({ value, timeZone, onChange, onTimeZoneChange }: { value: RawTimeRange; timeZone: string; onChange: (range: RawTimeRange) => void; onTimeZoneChange?: (zone: string) => void }) {
  const [from, setFrom] = useState(formatRangeEnd(value.from, timeZone));
  const [to, setTo] = useState(formatRangeEnd(value.to, timeZone));
  const [error, setError] = useState<string>();
  const [choosingZone, setChoosingZone] = useState(false);

  const apply = (event: FormEvent) => {
    event.preventDefault();
    const asRaw = (text: string) => {
      const trimmed = text.trim();
      if (trimmed.startsWith('now') || /^\d+$/.test(trimmed)) return trimmed;
      const typed = parseDateTime(trimmed, timeZone);
      return typed === undefined ? trimmed : String(typed);
    };
    const raw = { from: asRaw(from), to: asRaw(to) };
    if (!resolveRangeInZone(raw, timeZone)) {
      setError('Enter a valid range: "from" before "to", such as now-6h and now, or two dates (YYYY-MM-DD HH:mm:ss).');
      return;
    }
    onChange(raw);
  };

  const quick = (range: RawTimeRange) => {
    const selected = range.from === value.from && range.to === value.to;
    return (
      <button key={`${range.from}|${range.to}`} type="button" className={`menu__item${selected ? ' is-selected' : ''}`} onClick={() => onChange(range)}>
        {describeRange(range)}
      </button>
    );
  };

  return (
    <div className="menu time-picker__popup" role="dialog" aria-label="Time range">
      <div className="time-picker__main">
        <form className="time-picker__form" onSubmit={apply}>
          <h3>Absolute time range</h3>
          <label htmlFor="time-from">From</label>
          <input id="time-from" className="input" value={from} onChange={(event) => setFrom(event.target.value)} />
          <label htmlFor="time-to">To</label>
          <input id="time-to" className="input" value={to} onChange={(event) => setTo(event.target.value)} />
          {error && <div className="time-picker__error">{error}</div>}
          <button type="submit" className="btn btn-primary">
            Apply time range
          </button>
        </form>
        <div className="time-picker__quick" aria-label="Quick ranges">
          {QUICK_RANGES.map(quick)}
          <div className="menu__divider" />
          {CALENDAR_RANGES.map(quick)}
        </div>
      </div>
      <div className="time-picker__footer">
        <ZoneSummary zone={timeZone} />
        {onTimeZoneChange && (
          <button type="button" className="btn time-picker__settings" onClick={() => setChoosingZone(!choosingZone)} aria-expanded={choosingZone}>
            {choosingZone ? 'Hide time settings' : 'Change time settings'}
          </button>
        )}
      </div>
      {choosingZone && onTimeZoneChange && <ZoneChooser value={timeZone} onChange={onTimeZoneChange} />}
    </div>
  );
}

function ZoneSummary({ zone }: { zone: string }) {
  const [now] = useState(Date.now);
  return (
    <div className="time-zone-summary">
      <Icon name="globe" size={14} />
      <span className="time-zone-summary__title">{zoneTitle(zone)}</span>
      <span className="time-zone-summary__region">{zoneRegion(zone)}</span>
      <span className="time-zone-summary__offset">{formatOffset(timeZoneOffset(now, zone))}</span>
    </div>
  );
}

/** A filterable list of zones: the browser's, UTC, then every IANA zone. */
function ZoneChooser({ value, onChange }: { value: string; onChange: (zone: string) => void }) {
  const [filter, setFilter] = useState('');
  const zones = useMemo(() => listTimeZones(), []);
  const [now] = useState(Date.now);
  const matches = useMemo(() => {
    const named = [BROWSER_ZONE, UTC_ZONE].filter((zone) => !filter.trim() || `${zoneTitle(zone)} ${zone}`.toLowerCase().includes(filter.trim().toLowerCase()));
    return [...named, ...filterTimeZones(zones, filter, now)];
  }, [zones, filter, now]);
  return (
    <div className="time-zone-chooser">
      <label htmlFor="time-zone-filter">Time zone</label>
      <input
        id="time-zone-filter"
        className="input"
        placeholder="Type to search (name, city or UTC+01:00)"
        value={filter}
        autoFocus
        onChange={(event) => setFilter(event.target.value)}
      />
      <div className="time-zone-chooser__list" role="listbox" aria-label="Time zones">
        {matches.length === 0 && <div className="time-zone-chooser__none">No time zone matches.</div>}
        {matches.map((zone) => (
          <button
            key={zone}
            type="button"
            role="option"
            aria-selected={zone === value}
            className={`menu__item time-zone-chooser__item${zone === value ? ' is-selected' : ''}`}
            onClick={() => onChange(zone)}
          >
            <span className="time-zone-chooser__name">{zoneTitle(zone)}</span>
            {zone === BROWSER_ZONE && <span className="time-zone-chooser__hint">{zoneRegion(zone)}</span>}
            <span className="time-zone-chooser__offset">{formatOffset(timeZoneOffset(now, zone))}</span>
          </button>
        ))}
      </div>
    </div>
  );
}

export function RefreshPicker({ interval, intervals, onRefresh, onIntervalChange, busy }: { interval: string; intervals: string[]; onRefresh: () => void; onIntervalChange: (interval: string) => void; busy: boolean }) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  const close = useCallback(() => setOpen(false), []);
  useDismiss(ref, open, close);
  return (
    <div className="refresh-picker" ref={ref}>
      <button type="button" className="btn refresh-picker__refresh" onClick={onRefresh} aria-label="Refresh dashboard" title="Refresh dashboard">
        <Icon name="refresh" className={busy ? 'is-spinning' : undefined} />
      </button>
      <button type="button" className="btn refresh-picker__interval" onClick={() => setOpen(!open)} aria-label="Auto refresh interval" aria-haspopup="listbox" aria-expanded={open}>
        {interval && <span>{interval}</span>}
        <Icon name="chevronDown" size={14} />
      </button>
      {open && (
        <div className="menu refresh-picker__popup" role="listbox">
          {['', ...intervals].map((option) => (
            <button
              key={option || 'off'}
              type="button"
              role="option"
              aria-selected={option === interval}
              className={`menu__item${option === interval ? ' is-selected' : ''}`}
              onClick={() => {
                onIntervalChange(option);
                setOpen(false);
              }}
            >
              {option || 'Off'}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
