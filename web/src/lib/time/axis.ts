// Time axis labels: the shortest format that tells ticks `step` ms apart, in the browser's
// time zone, as Grafana's time axis does (HH:mm, MM/DD HH:mm, MM/DD, YYYY-MM).

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const DAY = 24 * 60 * MINUTE;

export function timeTickFormat(step: number, span: number): (ms: number) => string {
  if (step < MINUTE) {
    return (ms) => {
      const date = new Date(ms);
      return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
    };
  }
  if (step < DAY && span <= 2 * DAY) {
    return (ms) => {
      const date = new Date(ms);
      if (step >= MINUTE * 30 && date.getHours() === 0 && date.getMinutes() === 0) return `${pad(date.getMonth() + 1)}/${pad(date.getDate())}`;
      return `${pad(date.getHours())}:${pad(date.getMinutes())}`;
    };
  }
  if (step < DAY) {
    return (ms) => {
      const date = new Date(ms);
      return `${pad(date.getMonth() + 1)}/${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
    };
  }
  if (step < 28 * DAY) {
    return (ms) => {
      const date = new Date(ms);
      return `${pad(date.getMonth() + 1)}/${pad(date.getDate())}`;
    };
  }
  return (ms) => {
    const date = new Date(ms);
    return `${date.getFullYear()}-${pad(date.getMonth() + 1)}`;
  };
}

/** The tooltip's full time. */
export function formatTooltipTime(ms: number): string {
  const date = new Date(ms);
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}
