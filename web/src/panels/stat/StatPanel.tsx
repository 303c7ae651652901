// The stat panel (`stat`): big reduced values, coloured by thresholds (`colorMode`: value,
// background, background_solid or none), with an optional sparkline (`graphMode: area`).
// Several values share the panel in a grid, side by side when the panel is wide.
import { withAlpha } from '../../lib/data/colors';
import type { PanelProps } from '../types';
import { sparklinePaths, statValues, type StatValue } from './values';
import './stat.css';

interface StatOptions {
  colorMode?: 'value' | 'background' | 'background_solid' | 'none';
  graphMode?: 'area' | 'none';
  textMode?: 'auto' | 'value' | 'value_and_name' | 'name' | 'none';
  orientation?: 'auto' | 'horizontal' | 'vertical';
  justifyMode?: 'auto' | 'center';
}

export function StatPanel({ panel, data, width, height }: PanelProps) {
  const values = statValues(panel, data);
  const options = (panel.options ?? {}) as StatOptions;
  if (values.length === 0) return <div className="panel-no-data">No data</div>;
  const horizontalLayout = options.orientation === 'vertical' ? false : options.orientation === 'horizontal' ? true : width >= height;
  // Grafana's "horizontal" orientation stacks values; "vertical" puts them side by side.
  const columns = horizontalLayout ? Math.min(values.length, Math.max(1, Math.floor(width / 150))) : 1;
  const rows = Math.ceil(values.length / columns);
  const cellWidth = width / columns;
  const cellHeight = height / rows;
  const showName = options.textMode === 'value_and_name' || options.textMode === 'name' || ((options.textMode ?? 'auto') === 'auto' && values.length > 1);
  return (
    <div className="stat" style={{ gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))` }}>
      {values.map((value, index) => (
        <StatCell
          key={index}
          value={value}
          width={cellWidth}
          height={cellHeight}
          showName={showName}
          showValue={options.textMode !== 'name' && options.textMode !== 'none'}
          colorMode={options.colorMode ?? 'value'}
          sparkline={(options.graphMode ?? 'area') === 'area'}
        />
      ))}
    </div>
  );
}

function StatCell(props: {
  value: StatValue;
  width: number;
  height: number;
  showName: boolean;
  showValue: boolean;
  colorMode: NonNullable<StatOptions['colorMode']>;
  sparkline: boolean;
}) {
  const { value, width, height, colorMode } = props;
  const text = `${value.display.prefix ?? ''}${value.display.text}${value.display.suffix ?? ''}`;
  const paths = props.sparkline && value.sparkline && height > 60 ? sparklinePaths(value.sparkline, width, height * 0.45) : undefined;
  // With a sparkline the text takes the upper part and the graph the lower, as in Grafana.
  const textHeight = paths ? height * 0.7 : height;
  const nameSize = Math.max(12, Math.min(height * 0.12, 20));
  const available = textHeight - (props.showName ? nameSize * 1.6 : 0) - 8;
  const valueSize = Math.max(14, Math.min(available * 0.62, (width - 16) / (Math.max(text.length, 2) * 0.58), 120));
  const background =
    colorMode === 'background'
      ? `linear-gradient(120deg, ${withAlpha(value.color, 0.75)}, ${value.color})`
      : colorMode === 'background_solid'
        ? value.color
        : undefined;
  const onBackground = background !== undefined;
  return (
    <div className={`stat__cell${onBackground ? ' stat__cell--background' : ''}`} style={{ background, paddingBottom: height - textHeight }}>
      {paths && (
        <svg className="stat__sparkline" width={width} height={height * 0.45} viewBox={`0 0 ${width} ${height * 0.45}`} preserveAspectRatio="none" aria-hidden="true">
          <path d={paths.area} fill={onBackground ? 'rgba(255,255,255,0.18)' : withAlpha(value.color, 0.18)} />
          <path d={paths.line} fill="none" stroke={onBackground ? 'rgba(255,255,255,0.6)' : value.color} strokeWidth={1.5} vectorEffect="non-scaling-stroke" />
        </svg>
      )}
      <div className="stat__text">
        {props.showName && (
          <div className="stat__name" style={{ fontSize: nameSize }}>
            {value.name}
          </div>
        )}
        {props.showValue && (
          <div className="stat__value" data-testid="stat-value" style={{ fontSize: valueSize, color: colorMode === 'value' ? value.color : undefined }}>
            {value.display.prefix}
            {value.display.text}
            {value.display.suffix && <span className="stat__suffix">{value.display.suffix}</span>}
          </div>
        )}
      </div>
    </div>
  );
}
