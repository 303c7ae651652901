// The time range picker: the current range, quick relative ranges and a from/to form that
// accepts Grafana's syntax (`now-6h`, `now/d`, dates); plus the refresh button and its
// auto-refresh interval.
import { useCallback, useRef, useState, type FormEvent } from 'react';
import { Icon } from '../../app/Icon';
import { useDismiss } from '../../app/useDismiss';
import { QUICK_RANGES, describeRange, formatDateTime, resolveRange, type RawTimeRange } from '../../lib/time/range';

export function TimeRangePicker({ value, onChange }: { value: RawTimeRange; onChange: (range: RawTimeRange) => void }) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  const close = useCallback(() => setOpen(false), []);
  useDismiss(ref, open, close);
  const shown = (text: string) => (/^\d+$/.test(text) ? formatDateTime(Number(text)) : text);
  const [from, setFrom] = useState(shown(value.from));
  const [to, setTo] = useState(shown(value.to));
  const [error, setError] = useState<string>();

  const toggle = () => {
    if (!open) {
      setFrom(shown(value.from));
      setTo(shown(value.to));
      setError(undefined);
    }
    setOpen(!open);
  };

  const apply = (event: FormEvent) => {
    event.preventDefault();
    const asRaw = (text: string) => {
      const trimmed = text.trim();
      if (trimmed.startsWith('now') || /^\d+$/.test(trimmed)) return trimmed;
      const parsed = Date.parse(trimmed.replace(' ', 'T'));
      return Number.isNaN(parsed) ? trimmed : String(parsed);
    };
    const raw = { from: asRaw(from), to: asRaw(to) };
    if (!resolveRange(raw)) {
      setError('Enter a valid range: "from" before "to", such as now-6h and now, or two dates.');
      return;
    }
    onChange(raw);
    setOpen(false);
  };

  return (
    <div className="time-picker" ref={ref}>
      <button type="button" className="btn time-picker__button" onClick={toggle} aria-haspopup="dialog" aria-expanded={open} data-testid="time-picker">
        <Icon name="clock" />
        <span>{describeRange(value)}</span>
        <Icon name="chevronDown" size={14} />
      </button>
      {open && (
        <div className="menu time-picker__popup" role="dialog" aria-label="Time range">
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
          <div className="time-picker__quick">
            {QUICK_RANGES.map((range) => {
              const selected = range.from === value.from && range.to === value.to;
              return (
                <button
                  key={range.from}
                  type="button"
                  className={`menu__item${selected ? ' is-selected' : ''}`}
                  onClick={() => {
                    onChange(range);
                    setOpen(false);
                  }}
                >
                  {describeRange(range)}
                </button>
              );
            })}
          </div>
        </div>
      )}
    </div>
  );
}

export const REFRESH_INTERVALS = ['5s', '10s', '30s', '1m', '5m', '15m', '30m', '1h'];

export function RefreshPicker({ interval, onRefresh, onIntervalChange, busy }: { interval: string; onRefresh: () => void; onIntervalChange: (interval: string) => void; busy: boolean }) {
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
          {['', ...REFRESH_INTERVALS].map((option) => (
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
