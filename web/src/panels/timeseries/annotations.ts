// Annotations on the time series chart, as a uPlot plugin: a dashed vertical line for a
// moment and a shaded band for a region, drawn on the canvas, and a marker for each below the
// plot (a triangle, or a bar as wide as the region) that shows a card — time, text, tags and
// author — on hover. Plain DOM, like the tooltip. The plugin object outlives a chart: the
// panel hands it new events and it redraws the chart it is attached to.
import { useEffect, useState } from 'react';
import type uPlot from 'uplot';
import { withAlpha } from '../../lib/data/colors';
import { formatTooltipTime } from '../../lib/time/axis';
import { usePanelAnnotations } from '../../features/annotations/AnnotationsProvider';
import { isRegion, type AnnotationEvent } from '../../features/annotations/types';
import { tagColor } from '../../features/browse/tags';
import '../../features/annotations/annotations.css';

export interface EventSpan {
  /** CSS pixels from the plot's left edge. */
  left: number;
  width: number;
  region: boolean;
}

/** Where an event sits on an x axis showing `min`…`max` over `plotWidth` pixels: regions cut
 * to the visible part; `undefined` when it is wholly outside. */
export function eventSpan(event: AnnotationEvent, min: number, max: number, plotWidth: number): EventSpan | undefined {
  if (!(max > min)) return undefined;
  const region = isRegion(event);
  const end = region ? event.timeEnd! : event.time;
  if (end < min || event.time > max) return undefined;
  const toPixels = (time: number) => ((time - min) / (max - min)) * plotWidth;
  const left = toPixels(Math.max(event.time, min));
  const right = toPixels(Math.min(end, max));
  return { left, width: region ? Math.max(right - left, 1) : 0, region };
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** `2026-01-05 03:00:00 – 04:00:00`: the end's date only when it is another day. */
export function regionTime(start: string, end: string): string {
  const [startDate, startTime] = start.split(' ');
  const [endDate, endTime] = end.split(' ');
  return startDate === endDate && startTime && endTime ? `${start} – ${endTime}` : `${start} – ${end}`;
}

/** The hover card's markup: the time (a region's start and end) in `zone`, then the text,
 * tags and author, every piece escaped. */
export function cardHtml(event: AnnotationEvent, zone: string | undefined): string {
  const format = (ms: number) => formatTooltipTime(ms, zone);
  const time = isRegion(event) ? regionTime(format(event.time), format(event.timeEnd!)) : format(event.time);
  const tags = event.tags.map((tag) => `<span class="annotation-card__tag" style="background:${tagColor(tag)}">${escape(tag)}</span>`).join('');
  const author = event.login ? `<div class="annotation-card__author"><span class="annotation-card__avatar">${escape(event.login.slice(0, 1).toUpperCase())}</span>${escape(event.login)}</div>` : '';
  return (
    `<div class="annotation-card__header"><span class="annotation-card__swatch" style="background:${escape(event.color)}"></span>` +
    `<span class="annotation-card__time">${escape(time)}</span>${author}</div>` +
    (event.title ? `<div class="annotation-card__title">${escape(event.title)}</div>` : '') +
    (event.text ? `<div class="annotation-card__text">${escape(event.text)}</div>` : '') +
    (tags ? `<div class="annotation-card__tags">${tags}</div>` : '') +
    (event.source ? `<div class="annotation-card__source">${escape(event.source)}</div>` : '')
  );
}

const MARKER_SIZE = 8;

export interface AnnotationsPlugin {
  plugin: uPlot.Plugin;
  /** The events to draw, and the zone their times are shown in (the browser's if absent). */
  setEvents: (events: AnnotationEvent[], zone?: string) => void;
  /** Removes the hover card from the page. */
  dispose: () => void;
}

export function createAnnotationsPlugin(): AnnotationsPlugin {
  let events: AnnotationEvent[] = [];
  let timeZone: string | undefined;
  let chart: uPlot | undefined;
  let layer: HTMLDivElement | undefined;
  let card: HTMLDivElement | undefined;

  const hideCard = () => {
    if (card) card.style.display = 'none';
  };
  const showCard = (event: AnnotationEvent, marker: HTMLElement) => {
    if (!card) {
      card = document.createElement('div');
      card.className = 'annotation-card';
      card.setAttribute('role', 'tooltip');
      document.body.appendChild(card);
    }
    card.innerHTML = cardHtml(event, timeZone);
    card.style.display = 'block';
    const bounds = marker.getBoundingClientRect();
    const width = card.offsetWidth;
    const height = card.offsetHeight;
    let x = bounds.left + bounds.width / 2 - width / 2;
    x = Math.min(Math.max(8, x), window.innerWidth - width - 8);
    let y = bounds.top - height - 8;
    if (y < 8) y = bounds.bottom + 8;
    card.style.transform = `translate(${Math.round(x)}px, ${Math.round(y)}px)`;
  };

  const placeMarkers = (u: uPlot) => {
    // Most charts have no annotations: leave their DOM alone.
    if (!layer || (events.length === 0 && !layer.hasChildNodes())) return;
    // The plot's box from uPlot's own numbers (canvas pixels): reading the overlay's size
    // would make the browser lay out the page in the middle of drawing, once per chart.
    const ratio = window.devicePixelRatio || 1;
    const plotLeft = u.bbox.left / ratio;
    const plotWidth = u.bbox.width / ratio;
    layer.style.left = `${plotLeft}px`;
    layer.style.top = `${(u.bbox.top + u.bbox.height) / ratio}px`;
    layer.style.width = `${plotWidth}px`;
    layer.replaceChildren();
    const { min, max } = u.scales.x ?? {};
    if (min === undefined || max === undefined || min === null || max === null) return;
    for (const event of events) {
      const span = eventSpan(event, min, max, plotWidth);
      if (!span) continue;
      const marker = document.createElement('div');
      marker.className = `chart-annotation${span.region ? ' chart-annotation--region' : ''}`;
      marker.dataset.testid = 'annotation-marker';
      marker.style.setProperty('--annotation-color', event.color);
      marker.style.left = `${span.region ? span.left : span.left - MARKER_SIZE / 2}px`;
      if (span.region) marker.style.width = `${span.width}px`;
      marker.setAttribute('aria-label', event.text || event.title || 'Annotation');
      marker.addEventListener('mouseenter', () => showCard(event, marker));
      marker.addEventListener('mouseleave', hideCard);
      layer.appendChild(marker);
    }
  };

  const drawLines = (u: uPlot) => {
    const { min, max } = u.scales.x ?? {};
    if (min === undefined || max === undefined || min === null || max === null || events.length === 0) return;
    const { left, top, width, height } = u.bbox;
    const ctx = u.ctx;
    const ratio = window.devicePixelRatio || 1;
    ctx.save();
    ctx.beginPath();
    ctx.rect(left, top, width, height);
    ctx.clip();
    for (const event of events) {
      const span = eventSpan(event, min, max, width);
      if (!span) continue;
      if (span.region) {
        ctx.fillStyle = withAlpha(event.color, 0.12);
        ctx.fillRect(left + span.left, top, span.width, height);
        continue;
      }
      const x = Math.round(left + span.left) + 0.5;
      ctx.strokeStyle = withAlpha(event.color, 0.75);
      ctx.lineWidth = ratio;
      ctx.setLineDash([5 * ratio, 5 * ratio]);
      ctx.beginPath();
      ctx.moveTo(x, top);
      ctx.lineTo(x, top + height);
      ctx.stroke();
    }
    ctx.restore();
  };

  const plugin: uPlot.Plugin = {
    hooks: {
      init: (u) => {
        chart = u;
        layer = document.createElement('div');
        layer.className = 'chart-annotations';
        u.over.parentElement?.appendChild(layer);
      },
      draw: (u) => {
        drawLines(u);
        placeMarkers(u);
      },
      destroy: (u) => {
        if (chart === u) chart = undefined;
        layer?.remove();
        layer = undefined;
        hideCard();
      },
    },
  };

  return {
    plugin,
    setEvents: (next, zone) => {
      timeZone = zone;
      if (next === events) return;
      events = next;
      hideCard();
      chart?.redraw(false, false);
    },
    dispose: () => {
      card?.remove();
      card = undefined;
    },
  };
}

/** The plugin for the chart of the panel drawing below; it follows the panel's annotations
 * without remaking the chart. Times on its cards are in `timeZone`, the panel's range's. */
export function useAnnotationsPlugin(timeZone: string | undefined): uPlot.Plugin {
  const events = usePanelAnnotations();
  const [annotations] = useState(createAnnotationsPlugin);
  useEffect(() => {
    annotations.setEvents(events, timeZone);
  }, [annotations, events, timeZone]);
  useEffect(() => () => annotations.dispose(), [annotations]);
  return annotations.plugin;
}
