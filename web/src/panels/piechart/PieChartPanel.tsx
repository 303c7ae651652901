// The pie chart panel (`piechart`): a pie or donut (`options.pieType`) of reduced values,
// labels on the slices (`displayLabels`: name, value, percent), a legend (list or table,
// bottom or right) with each slice's value and percent (`legend.values`), and a tooltip.
// Hovering a slice or its legend entry highlights it.
import { useMemo, useRef, useState } from 'react';
import { useElementSize } from '../../app/useElementSize';
import { useTheme } from '../../app/theme';
import { displayText } from '../../lib/fieldconfig';
import type { PanelProps } from '../types';
import { arcPath, labelPoint, percentText, pieSlices, sliceAngles, type Slice, type SliceAngle } from './model';
import '../heatmap/chart.css';
import './piechart.css';

interface PieOptions {
  pieType?: 'pie' | 'donut';
  displayLabels?: ('name' | 'value' | 'percent')[];
  legend?: { showLegend?: boolean; displayMode?: 'list' | 'table' | 'hidden'; placement?: 'bottom' | 'right'; values?: ('value' | 'percent')[] };
  tooltip?: { mode?: 'single' | 'multi' | 'none'; sort?: 'none' | 'asc' | 'desc' };
}

export function PieChartPanel({ panel, data }: PanelProps) {
  const { theme } = useTheme();
  const options = (panel.options ?? {}) as PieOptions;
  const slices = useMemo(() => pieSlices(panel, data, theme), [panel, data, theme]);
  const angles = useMemo(() => sliceAngles(slices.map((slice) => slice.value)), [slices]);
  const [hovered, setHovered] = useState<number>();
  const [pointer, setPointer] = useState<{ x: number; y: number }>();
  const [hidden, setHidden] = useState<ReadonlySet<string>>(new Set());
  // The legend takes the room it needs; the pie gets the rest.
  const chart = useRef<HTMLDivElement>(null);
  const { width: chartWidth, height: chartHeight } = useElementSize(chart);

  if (slices.length === 0) return <div className="panel-no-data">No data</div>;

  const legend = options.legend ?? {};
  const showLegend = legend.showLegend !== false && legend.displayMode !== 'hidden';
  const placement = legend.placement === 'right' ? 'right' : 'bottom';
  // Shown slices are re-angled without the hidden ones.
  const visible = slices.map((slice, index) => ({ slice, index })).filter(({ slice }) => !hidden.has(slice.name));
  const visibleAngles = sliceAngles(visible.map(({ slice }) => slice.value));
  const toggle = (name: string) =>
    setHidden((current) => {
      const onlyThis = current.size === slices.length - 1 && !current.has(name);
      return onlyThis ? new Set() : new Set(slices.map((slice) => slice.name).filter((other) => other !== name));
    });

  return (
    <div className={`piechart piechart--legend-${placement}`} data-testid="piechart-panel">
      <div className="piechart__chart" ref={chart} onMouseLeave={() => setHovered(undefined)}>
        {chartWidth > 0 && chartHeight > 0 && (
          <Pie
            visible={visible}
            angles={visibleAngles}
            width={chartWidth}
            height={chartHeight}
            donut={options.pieType === 'donut'}
            labels={options.displayLabels ?? []}
            hovered={hovered}
            onHover={(index, x, y) => {
              setHovered(index);
              setPointer({ x, y });
            }}
          />
        )}
        {hovered !== undefined && pointer && options.tooltip?.mode !== 'none' && (
          <PieTooltip slices={slices} angles={angles} hovered={hovered} mode={options.tooltip?.mode ?? 'single'} sort={options.tooltip?.sort ?? 'none'} x={pointer.x} y={pointer.y} width={chartWidth} />
        )}
      </div>
      {showLegend && (
        <PieLegend
          slices={slices}
          angles={angles}
          hidden={hidden}
          hovered={hovered}
          table={legend.displayMode === 'table'}
          values={legend.values ?? []}
          placement={placement}
          onHover={setHovered}
          onToggle={toggle}
        />
      )}
    </div>
  );
}

function Pie(props: {
  visible: { slice: Slice; index: number }[];
  angles: SliceAngle[];
  width: number;
  height: number;
  donut: boolean;
  labels: ('name' | 'value' | 'percent')[];
  hovered?: number;
  onHover: (index: number, x: number, y: number) => void;
}) {
  const { visible, angles, width, height, donut, labels, hovered } = props;
  const padding = 8;
  const radius = Math.max(4, Math.min(width, height) / 2 - padding);
  const inner = donut ? radius * 0.6 : 0;
  const cx = width / 2;
  const cy = height / 2;
  return (
    <svg className="piechart__svg" width={width} height={height} role="img" aria-label="Pie chart">
      {visible.map(({ slice, index }, position) => {
        const angle = angles[position]!;
        if (angle.end - angle.start <= 0) return null;
        const grow = hovered === index ? 4 : 0;
        return (
          <path
            key={index}
            d={arcPath(cx, cy, radius + grow, inner, angle.start, angle.end)}
            fill={slice.color}
            stroke="var(--bg-primary)"
            strokeWidth={visible.length > 1 ? 1 : 0}
            opacity={hovered === undefined || hovered === index ? 1 : 0.6}
            data-testid="pie-slice"
            onMouseMove={(event) => {
              const box = event.currentTarget.ownerSVGElement!.getBoundingClientRect();
              props.onHover(index, event.clientX - box.left, event.clientY - box.top);
            }}
          />
        );
      })}
      {labels.length > 0 &&
        visible.map(({ slice, index }, position) => {
          const angle = angles[position]!;
          const labelRadius = donut ? (radius + inner) / 2 : radius * 0.65;
          const lines = labels.map((label) => (label === 'name' ? slice.name : label === 'value' ? displayText(slice.display) : percentText(angle.percent)));
          const size = Math.max(10, Math.min(14, radius / 8));
          // Only slices wide enough for their lines of text get a label.
          if ((angle.end - angle.start) * labelRadius < Math.max(18, lines.length * size * 1.3)) return null;
          const [x, y] = labelPoint(cx, cy, labelRadius, angle);
          return (
            <text key={index} x={x} y={y - ((lines.length - 1) * size * 1.2) / 2} className="piechart__label" fontSize={size} textAnchor="middle" dominantBaseline="middle">
              {lines.map((line, row) => (
                <tspan key={row} x={x} dy={row === 0 ? 0 : size * 1.2}>
                  {line}
                </tspan>
              ))}
            </text>
          );
        })}
    </svg>
  );
}

function PieTooltip({ slices, angles, hovered, mode, sort, x, y, width }: { slices: Slice[]; angles: SliceAngle[]; hovered: number; mode: string; sort: string; x: number; y: number; width: number }) {
  let rows = (mode === 'multi' ? slices.map((_, index) => index) : [hovered]).map((index) => ({ slice: slices[index]!, angle: angles[index]!, index }));
  if (sort !== 'none') rows = [...rows].sort((a, b) => (sort === 'asc' ? a.slice.value - b.slice.value : b.slice.value - a.slice.value));
  const flip = x > width - 200;
  return (
    <div className="viz-tooltip" role="tooltip" style={{ left: flip ? undefined : x + 14, right: flip ? width - x + 14 : undefined, top: y + 10 }}>
      {rows.map(({ slice, angle, index }) => (
        <div key={index} className={`viz-tooltip__row${index === hovered && mode === 'multi' ? ' viz-tooltip__row--active' : ''}`}>
          <span className="viz-tooltip__name">
            <span className="viz-tooltip__swatch" style={{ background: slice.color }} />
            {slice.name}
          </span>
          <strong>
            {displayText(slice.display)} ({percentText(angle.percent)})
          </strong>
        </div>
      ))}
    </div>
  );
}

function PieLegend(props: {
  slices: Slice[];
  angles: SliceAngle[];
  hidden: ReadonlySet<string>;
  hovered?: number;
  table: boolean;
  values: ('value' | 'percent')[];
  placement: 'bottom' | 'right';
  onHover: (index: number | undefined) => void;
  onToggle: (name: string) => void;
}) {
  const { slices, angles, hidden, values, table } = props;
  const entry = (slice: Slice, index: number, kind: 'item' | 'row') => ({
    onMouseEnter: () => props.onHover(index),
    onMouseLeave: () => props.onHover(undefined),
    onClick: () => props.onToggle(slice.name),
    className: `piechart__legend-${kind}${hidden.has(slice.name) ? ' piechart__entry--hidden' : ''}`,
  });
  if (table) {
    return (
      <div className="piechart__legend piechart__legend--table">
        <table>
          <thead>
            <tr>
              <th />
              {values.includes('value') && <th>Value</th>}
              {values.includes('percent') && <th>Percent</th>}
            </tr>
          </thead>
          <tbody>
            {slices.map((slice, index) => (
              <tr key={index} {...entry(slice, index, 'row')}>
                <td>
                  <span className="piechart__swatch" style={{ background: slice.color }} />
                  {slice.name}
                </td>
                {values.includes('value') && <td className="piechart__legend-value">{displayText(slice.display)}</td>}
                {values.includes('percent') && <td className="piechart__legend-value">{percentText(angles[index]!.percent)}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );
  }
  return (
    <ul className="piechart__legend" aria-label="Legend">
      {slices.map((slice, index) => (
        <li key={index} {...entry(slice, index, 'item')}>
          <span className="piechart__swatch" style={{ background: slice.color }} />
          <span className="piechart__legend-name">{slice.name}</span>
          {values.includes('value') && <span className="piechart__legend-value">{displayText(slice.display)}</span>}
          {values.includes('percent') && <span className="piechart__legend-value">{percentText(angles[index]!.percent)}</span>}
        </li>
      ))}
    </ul>
  );
}
