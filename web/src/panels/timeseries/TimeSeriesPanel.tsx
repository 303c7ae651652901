// The time series panel (`timeseries`): uPlot on a canvas, Grafana's legend (list or table,
// bottom or right, with calcs) and tooltip. Clicking a legend entry shows only that series;
// clicking it again shows all. Dragging across the chart zooms the dashboard's time range.
import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useElementSize } from '../../app/useElementSize';
import { useTheme } from '../../app/theme';
import { REDUCER_NAMES, reduce } from '../../lib/data/reduce';
import { formatValue, formattedToString } from '../../lib/units/format';
import type { PanelProps } from '../types';
import { buildTimeSeriesModel, type SeriesModel } from './model';
import { buildChartOptions, chartTheme } from './options';
import type { TooltipMode } from './tooltip';
import './timeseries.css';

interface LegendOptions {
  showLegend?: boolean;
  displayMode?: 'list' | 'table' | 'hidden';
  placement?: 'bottom' | 'right';
  calcs?: string[];
}

export function TimeSeriesPanel({ panel, data, timeRange, onChangeTimeRange }: PanelProps) {
  const model = useMemo(() => buildTimeSeriesModel(panel, data), [panel, data]);
  const [hidden, setHidden] = useState<ReadonlySet<number>>(new Set());
  const options = (panel.options ?? {}) as { legend?: LegendOptions; tooltip?: { mode?: TooltipMode; sort?: 'none' | 'asc' | 'desc' } };
  const legend = options.legend ?? {};
  const showLegend = legend.showLegend !== false && legend.displayMode !== 'hidden';
  const tooltip = { mode: options.tooltip?.mode ?? 'single', sort: options.tooltip?.sort ?? 'none' };

  if (model.series.length === 0 || model.times.length === 0) {
    return <div className="panel-no-data">No data</div>;
  }

  const toggle = (index: number) =>
    setHidden((current) => {
      const onlyThis = current.size === model.series.length - 1 && !current.has(index);
      return onlyThis ? new Set() : new Set(model.series.map((_, other) => other).filter((other) => other !== index));
    });

  return (
    <div className={`timeseries timeseries--legend-${legend.placement === 'right' ? 'right' : 'bottom'}`}>
      <Chart model={model} hidden={hidden} timeRange={timeRange} tooltip={tooltip} onZoom={onChangeTimeRange} />
      {showLegend && <Legend series={model.series} hidden={hidden} mode={legend.displayMode === 'table' ? 'table' : 'list'} calcs={legend.calcs ?? []} onToggle={toggle} />}
    </div>
  );
}

function Chart(props: {
  model: ReturnType<typeof buildTimeSeriesModel>;
  hidden: ReadonlySet<number>;
  timeRange: PanelProps['timeRange'];
  tooltip: { mode: TooltipMode; sort: 'none' | 'asc' | 'desc' };
  onZoom: (from: number, to: number) => void;
}) {
  const container = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const { width, height } = useElementSize(container);
  const { theme } = useTheme();
  const size = useRef({ width, height });
  const onZoom = useRef(props.onZoom);
  const { model, hidden, timeRange, tooltip } = props;
  const ready = width > 0 && height > 0;

  useLayoutEffect(() => {
    onZoom.current = props.onZoom;
  }, [props.onZoom]);

  // Before the chart is made (effects run in order), so it starts at the right size.
  useLayoutEffect(() => {
    size.current = { width, height };
    if (ready) plot.current?.setSize({ width, height });
  }, [ready, width, height]);

  useLayoutEffect(() => {
    if (!ready || !container.current) return;
    const options = buildChartOptions({
      model,
      hidden,
      range: timeRange,
      width: size.current.width,
      height: size.current.height,
      tooltip,
      theme: chartTheme(),
      onZoom: (from, to) => onZoom.current(from, to),
    });
    const chart = new uPlot(options, [model.times, ...model.series.map((entry) => entry.values)] as uPlot.AlignedData, container.current);
    plot.current = chart;
    return () => {
      chart.destroy();
      plot.current = null;
    };
    // `tooltip` is rebuilt each render; its fields are what matters.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ready, model, hidden, timeRange, tooltip.mode, tooltip.sort, theme]);

  return <div className="timeseries__chart" ref={container} data-testid="uplot-container" />;
}

function Legend(props: { series: SeriesModel[]; hidden: ReadonlySet<number>; mode: 'list' | 'table'; calcs: string[]; onToggle: (index: number) => void }) {
  const entries = props.series.map((entry, index) => ({ entry, index })).filter(({ entry }) => !entry.hideFrom.legend);
  const value = (entry: SeriesModel, calc: string) => formattedToString(formatValue(reduce(entry.values, calc), entry.unit, entry.decimals));
  if (props.mode === 'table') {
    return (
      <div className="legend legend--table">
        <table>
          <thead>
            <tr>
              <th>Name</th>
              {props.calcs.map((calc) => (
                <th key={calc}>{REDUCER_NAMES[calc] ?? calc}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {entries.map(({ entry, index }) => (
              <tr key={index} className={props.hidden.has(index) ? 'is-hidden' : ''}>
                <td>
                  <button type="button" className="legend__item" onClick={() => props.onToggle(index)}>
                    <span className="legend__swatch" style={{ background: entry.color }} />
                    {entry.name}
                  </button>
                </td>
                {props.calcs.map((calc) => (
                  <td key={calc}>{value(entry, calc)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );
  }
  return (
    <div className="legend legend--list" aria-label="Legend">
      {entries.map(({ entry, index }) => (
        <button key={index} type="button" className={`legend__item${props.hidden.has(index) ? ' is-hidden' : ''}`} onClick={() => props.onToggle(index)}>
          <span className="legend__swatch" style={{ background: entry.color }} />
          <span className="legend__name">{entry.name}</span>
          {props.calcs.map((calc) => (
            <span key={calc} className="legend__calc">
              {REDUCER_NAMES[calc] ?? calc}: <strong>{value(entry, calc)}</strong>
            </span>
          ))}
        </button>
      ))}
    </div>
  );
}
