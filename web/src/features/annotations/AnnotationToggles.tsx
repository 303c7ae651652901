// The dashboard controls' annotation switches: one per query that is not `hide`, showing
// its colour; switching one off stops querying and drawing it (for this visit, as in Grafana).
import { resolveColor } from '../../lib/data/colors';
import { useAnnotations } from './AnnotationsProvider';
import { DEFAULT_ANNOTATION_COLOR } from './types';
import './annotations.css';

export function AnnotationToggles() {
  const { queries, enabled, toggle, errors } = useAnnotations();
  const shown = queries.map((query, index) => ({ query, index })).filter(({ query }) => !query.hide);
  if (shown.length === 0) return null;
  return (
    <div className="annotation-toggles" aria-label="Annotations">
      {shown.map(({ query, index }) => {
        const name = query.name || `Annotation ${index + 1}`;
        const failed = errors.find((error) => error.source === name);
        return (
          <label key={index} className={`annotation-toggle${failed ? ' has-error' : ''}`} title={failed ? `${name}: ${failed.message}` : undefined}>
            <span className="annotation-toggle__name">{name}</span>
            <input type="checkbox" role="switch" className="annotation-toggle__switch" checked={enabled[index] ?? false} onChange={() => toggle(index)} style={{ '--annotation-color': resolveColor(query.iconColor, DEFAULT_ANNOTATION_COLOR) } as React.CSSProperties} />
          </label>
        );
      })}
    </div>
  );
}
