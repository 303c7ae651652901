// The logs panel (`logs`): log lines from log frames, newest first by default
// (`options.sortOrder`), each with its level colour, optional time (`showTime`) and unique
// labels (`showLabels`), labels shared by every line above them (`showCommonLabels`),
// wrapped or on one line (`wrapLogMessage`), folded duplicates (`dedupStrategy`). Clicking a
// line shows its labels and other fields (`enableLogDetails`, on by default).
import { useMemo, useState } from 'react';
import type { PanelProps } from '../types';
import { commonLabels, dedupLogRows, formatLogTime, LEVEL_COLORS, logRows, sortLogRows, type DedupStrategy, type LogRow } from './model';
import './logs.css';

interface LogsOptions {
  showTime?: boolean;
  showLabels?: boolean;
  showCommonLabels?: boolean;
  wrapLogMessage?: boolean;
  prettifyLogMessage?: boolean;
  enableLogDetails?: boolean;
  sortOrder?: 'Descending' | 'Ascending';
  dedupStrategy?: DedupStrategy;
}

const BATCH = 250;

function prettyLine(line: string): string {
  const trimmed = line.trim();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return line;
  try {
    return JSON.stringify(JSON.parse(trimmed), null, 2);
  } catch {
    return line;
  }
}

export function LogsPanel({ panel, data, timeRange }: PanelProps) {
  const options = (panel.options ?? {}) as LogsOptions;
  const rows = useMemo(
    () => dedupLogRows(sortLogRows(logRows(data.frames), options.sortOrder ?? 'Descending'), options.dedupStrategy ?? 'none'),
    [data.frames, options.sortOrder, options.dedupStrategy],
  );
  const common = useMemo(() => commonLabels(rows), [rows]);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  // Lines are drawn a batch at a time, more as the list scrolls near its end, so thousands
  // of lines cost nothing until they are looked at.
  const [shown, setShown] = useState(BATCH);
  if (rows.length === 0) return <div className="panel-no-data">No data</div>;

  const detailsEnabled = options.enableLogDetails !== false;
  const toggle = (uid: string) =>
    setExpanded((current) => {
      const next = new Set(current);
      if (!next.delete(uid)) next.add(uid);
      return next;
    });
  const commonEntries = Object.entries(common);
  return (
    <div className={`logs${options.wrapLogMessage ? ' logs--wrap' : ''}`} data-testid="logs-panel">
      {options.showCommonLabels && commonEntries.length > 0 && (
        <div className="logs__common">
          <span className="logs__common-title">Common labels:</span>
          {commonEntries.map(([key, value]) => (
            <span key={key} className="logs__label">
              {key}={value}
            </span>
          ))}
        </div>
      )}
      <div
        className="logs__rows"
        role="list"
        onScroll={(event) => {
          const list = event.currentTarget;
          if (shown < rows.length && list.scrollTop + list.clientHeight > list.scrollHeight - 600) setShown((count) => count + BATCH);
        }}
      >
        {rows.slice(0, shown).map((row) => (
          <LogLine
            key={row.uid}
            row={row}
            options={options}
            common={common}
            timeZone={timeRange.timeZone}
            expanded={detailsEnabled && expanded.has(row.uid)}
            onToggle={detailsEnabled ? () => toggle(row.uid) : undefined}
          />
        ))}
      </div>
    </div>
  );
}

function LogLine({ row, options, common, timeZone, expanded, onToggle }: { row: LogRow; options: LogsOptions; common: Record<string, string>; timeZone?: string; expanded: boolean; onToggle?: () => void }) {
  const unique = options.showLabels ? Object.entries(row.labels).filter(([key]) => common[key] !== row.labels[key]) : [];
  const line = options.prettifyLogMessage ? prettyLine(row.line) : row.line;
  return (
    <div className={`logs__row${expanded ? ' logs__row--expanded' : ''}`} role="listitem" data-level={row.level}>
      <div
        className={`logs__line${onToggle ? ' logs__line--clickable' : ''}`}
        style={{ borderLeftColor: LEVEL_COLORS[row.level] }}
        onClick={onToggle}
        onKeyDown={(event) => {
          if (onToggle && (event.key === 'Enter' || event.key === ' ')) {
            event.preventDefault();
            onToggle();
          }
        }}
        tabIndex={onToggle ? 0 : undefined}
        aria-expanded={onToggle ? expanded : undefined}
        title={row.level === 'unknown' ? undefined : row.level}
      >
        {onToggle && <span className={`logs__chevron${expanded ? ' logs__chevron--open' : ''}`} aria-hidden="true" />}
        {row.duplicates > 0 && <span className="logs__dups" title={`${row.duplicates} duplicate${row.duplicates === 1 ? '' : 's'} folded`}>{row.duplicates + 1}x</span>}
        {options.showTime && <span className="logs__time">{formatLogTime(row.time, timeZone)}</span>}
        {unique.length > 0 && (
          <span className="logs__labels">
            {unique.map(([key, value]) => (
              <span key={key} className="logs__label">
                {key}={value}
              </span>
            ))}
          </span>
        )}
        <span className="logs__message">{line}</span>
      </div>
      {expanded && <LogDetails row={row} />}
    </div>
  );
}

function LogDetails({ row }: { row: LogRow }) {
  const labels = Object.entries(row.labels);
  const fields = Object.entries(row.fields);
  return (
    <div className="logs__details" data-testid="log-details">
      <DetailsTable caption="Labels" entries={labels} />
      <DetailsTable caption="Fields" entries={fields} />
      {labels.length === 0 && fields.length === 0 && <div className="logs__details-empty">This line has no labels or fields.</div>}
    </div>
  );
}

/** A row's labels or fields as a two-column table; nothing when there are none. */
function DetailsTable({ caption, entries }: { caption: string; entries: [string, string][] }) {
  if (entries.length === 0) return null;
  return (
    <table>
      <caption>{caption}</caption>
      <tbody>
        {entries.map(([key, value]) => (
          <tr key={key}>
            <th scope="row">{key}</th>
            <td>{value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
