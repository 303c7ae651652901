// The hover tooltip as a uPlot plugin: the time and the value of the nearest series
// (`tooltip.mode: single`) or of every series (`multi`), placed beside the cursor and kept
// inside the window. Plain DOM: it follows the mouse without re-rendering React. Its element
// is made on the first hover, so a dashboard of charts nobody points at makes none.
import type uPlot from 'uplot';
import { displayText } from '../../lib/fieldconfig';
import { formatTooltipTime } from '../../lib/time/axis';
import type { SeriesModel } from './model';

export type TooltipMode = 'single' | 'multi' | 'none';

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

export function tooltipPlugin(series: SeriesModel[], mode: TooltipMode, sort: 'none' | 'asc' | 'desc', timeZone?: string): uPlot.Plugin {
  let element: HTMLDivElement | undefined;
  let destroyed = false;
  const hide = () => {
    if (element) element.style.display = 'none';
  };
  const show = (u: uPlot): HTMLDivElement => {
    if (!element) {
      element = document.createElement('div');
      element.className = 'chart-tooltip';
      document.body.appendChild(element);
      u.over.addEventListener('mouseleave', hide);
    }
    return element;
  };
  return {
    hooks: {
      destroy: () => {
        destroyed = true;
        element?.remove();
        element = undefined;
      },
      setCursor: (u) => {
        const index = u.cursor.idx;
        const left = u.cursor.left ?? -1;
        const top = u.cursor.top ?? -1;
        if (destroyed || mode === 'none' || index === null || index === undefined || left < 0) {
          hide();
          return;
        }
        let rows = series
          .map((entry, seriesIndex) => ({ entry, seriesIndex, value: entry.values[index] ?? null, plotted: u.data[seriesIndex + 1]?.[index] ?? null }))
          .filter(({ entry, seriesIndex }) => !entry.hideFrom.tooltip && u.series[seriesIndex + 1]?.show !== false);
        if (mode === 'single') {
          let best: (typeof rows)[number] | undefined;
          let bestDistance = Infinity;
          for (const row of rows) {
            if (row.value === null || row.plotted === null) continue;
            const scale = u.series[row.seriesIndex + 1]?.scale ?? 'y';
            const distance = Math.abs(u.valToPos(row.plotted, scale) - top);
            if (distance < bestDistance) {
              best = row;
              bestDistance = distance;
            }
          }
          rows = best ? [best] : [];
        } else if (sort !== 'none') {
          rows = [...rows].sort((a, b) => ((a.value ?? -Infinity) - (b.value ?? -Infinity)) * (sort === 'asc' ? 1 : -1));
        }
        if (rows.length === 0) {
          hide();
          return;
        }
        const time = u.data[0][index];
        const tip = show(u);
        tip.innerHTML =
          `<div class="chart-tooltip__time">${escape(formatTooltipTime(time ?? 0, timeZone))}</div>` +
          rows
            .map(
              ({ entry, value }) =>
                `<div class="chart-tooltip__row"><span class="chart-tooltip__swatch" style="background:${escape(entry.color)}"></span>` +
                `<span class="chart-tooltip__name">${escape(entry.name)}</span>` +
                `<span class="chart-tooltip__value">${escape(value === null ? '-' : displayText(entry.display(value)))}</span></div>`,
            )
            .join('');
        tip.style.display = 'block';
        const bounds = u.over.getBoundingClientRect();
        const width = tip.offsetWidth;
        const height = tip.offsetHeight;
        let x = bounds.left + left + 16;
        let y = bounds.top + top + 16;
        if (x + width > window.innerWidth - 8) x = bounds.left + left - width - 16;
        if (y + height > window.innerHeight - 8) y = bounds.top + top - height - 16;
        tip.style.transform = `translate(${Math.max(8, x)}px, ${Math.max(8, y)}px)`;
      },
    },
  };
}
