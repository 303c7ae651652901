// The variables bar under the dashboard toolbar: one control per shown variable (a label,
// unless `hide` is 1, then a text box or a picker). A single-value picker applies on click;
// a multi-value picker collects the ticks and applies when it closes, as Grafana's does.
import { useCallback, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { Icon } from '../../app/Icon';
import { useDismiss } from '../../app/useDismiss';
import { ALL_TEXT, ALL_VALUE, HIDE_LABEL, isShown, selectionText, type Selection, type VariableOption, type VariableState, type VariableStates } from './model';
import { validateSelection } from './options';
import './variables.css';

export interface VariablesBarProps {
  states: VariableStates;
  onChange: (name: string, selection: Selection) => void;
}

export function VariablesBar({ states, onChange }: VariablesBarProps) {
  const shown = [...states.values()].filter((state) => isShown(state.model));
  if (shown.length === 0) return null;
  return (
    <div className="variables-bar" role="group" aria-label="Dashboard variables">
      {shown.map((state) => (
        <VariableControl key={state.model.name} state={state} onChange={onChange} />
      ))}
    </div>
  );
}

function VariableControl({ state, onChange }: { state: VariableState; onChange: VariablesBarProps['onChange'] }) {
  const { model } = state;
  const id = useId();
  const label = model.label || model.name;
  return (
    <div className="variable" data-testid={`variable-${model.name}`}>
      {model.hide !== HIDE_LABEL && (
        <label className="variable__label" htmlFor={id} title={model.description ?? undefined}>
          {label}
          {state.error && (
            <span className="variable__error" title={state.error} aria-label={`${label}: ${state.error}`} role="img">
              <Icon name="warning" size={14} />
            </span>
          )}
        </label>
      )}
      {model.type === 'textbox' ? (
        <VariableTextBox id={id} label={label} value={state.current.values[0] ?? ''} onCommit={(value) => onChange(model.name, { values: [value], texts: [value], all: false })} />
      ) : (
        <VariablePicker id={id} label={label} state={state} onChange={(selection) => onChange(model.name, selection)} />
      )}
    </div>
  );
}

function VariableTextBox({ id, label, value, onCommit }: { id: string; label: string; value: string; onCommit: (value: string) => void }) {
  const [draft, setDraft] = useState<{ from: string; text: string }>({ from: value, text: value });
  const text = draft.from === value ? draft.text : value;
  const commit = () => {
    if (text !== value) onCommit(text);
  };
  return (
    <input
      id={id}
      className="input variable__input"
      aria-label={label}
      value={text}
      onChange={(event) => setDraft({ from: value, text: event.target.value })}
      onBlur={commit}
      onKeyDown={(event) => {
        if (event.key === 'Enter') commit();
        if (event.key === 'Escape') setDraft({ from: value, text: value });
      }}
    />
  );
}

const ALL_OPTION: VariableOption = { text: ALL_TEXT, value: ALL_VALUE };

function VariablePicker({ id, label, state, onChange }: { id: string; label: string; state: VariableState; onChange: (selection: Selection) => void }) {
  const { model } = state;
  const multi = Boolean(model.multi);
  const [open, setOpen] = useState(false);
  const [filter, setFilter] = useState('');
  const [draft, setDraft] = useState<Selection>(state.current);
  const [active, setActive] = useState(0);
  const ref = useRef<HTMLDivElement>(null);
  const listId = useId();

  const visible = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    const options = needle ? state.options.filter((option) => option.text.toLowerCase().includes(needle)) : state.options;
    return model.includeAll && !needle ? [ALL_OPTION, ...options] : options;
  }, [filter, state.options, model.includeAll]);

  const { current, options } = state;
  const close = useCallback(
    (apply: boolean) => {
      setOpen(false);
      setFilter('');
      if (!apply || !multi) return;
      const chosen = draft.all || draft.values.length > 0 ? draft : validateSelection(model, options, { values: [], texts: [], all: false });
      const unchanged = chosen.all === current.all && chosen.values.join('\u0000') === current.values.join('\u0000');
      if (!unchanged) onChange(chosen);
    },
    [draft, model, multi, onChange, current, options],
  );
  const dismiss = useCallback(() => close(true), [close]);
  useDismiss(ref, open, dismiss);

  const toggleOpen = () => {
    if (open) return close(true);
    setDraft(state.current);
    setActive(0);
    setOpen(true);
  };

  const isChosen = (option: VariableOption, selection: Selection) => (option.value === ALL_VALUE ? selection.all : !selection.all && selection.values.includes(option.value));

  const choose = (option: VariableOption) => {
    if (!multi) {
      const selection = option.value === ALL_VALUE ? { values: [ALL_VALUE], texts: [ALL_TEXT], all: true } : { values: [option.value], texts: [option.text], all: false };
      setOpen(false);
      setFilter('');
      if (!isChosen(option, state.current) || state.current.values.length !== 1) onChange(selection);
      return;
    }
    setDraft((current) => {
      if (option.value === ALL_VALUE) return current.all ? { values: [], texts: [], all: false } : { values: [ALL_VALUE], texts: [ALL_TEXT], all: true };
      const base: { values: string[]; texts: string[] } = current.all ? { values: [], texts: [] } : current;
      const at = base.values.indexOf(option.value);
      if (at >= 0) return { values: base.values.filter((_, index) => index !== at), texts: base.texts.filter((_, index) => index !== at), all: false };
      return { values: [...base.values, option.value], texts: [...base.texts, option.text], all: false };
    });
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((index) => (visible.length === 0 ? 0 : (index + step + visible.length) % visible.length));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const option = visible[active];
      if (option) choose(option);
      else if (multi) close(true);
    } else if (event.key === 'Escape') {
      event.stopPropagation();
      close(false);
    }
  };

  const text = selectionText(state.current) || (state.loading ? '' : 'None');
  return (
    <div className="variable__picker" ref={ref}>
      <button
        id={id}
        type="button"
        className={`variable__button${open ? ' is-open' : ''}`}
        onClick={toggleOpen}
        aria-haspopup="listbox"
        aria-expanded={open}
        aria-label={`${label}: ${text || 'loading'}`}
        title={text}
      >
        <span className="variable__value">{text}</span>
        {state.loading ? <span className="spinner variable__spinner" aria-hidden="true" /> : <Icon name="chevronDown" size={14} />}
      </button>
      {open && (
        <div className="menu variable__menu">
          <input
            className="input variable__filter"
            placeholder="Search options"
            aria-label={`Search ${label} options`}
            aria-controls={listId}
            value={filter}
            autoFocus
            onChange={(event) => {
              setFilter(event.target.value);
              setActive(0);
            }}
            onKeyDown={onKeyDown}
          />
          <div className="variable__options" role="listbox" id={listId} aria-label={`${label} options`} aria-multiselectable={multi || undefined}>
            {visible.length === 0 && <div className="variable__empty">{state.error ?? 'No options found'}</div>}
            {visible.map((option, index) => {
              const chosen = isChosen(option, multi ? draft : state.current);
              return (
                <button
                  key={option.value}
                  type="button"
                  role="option"
                  aria-selected={chosen}
                  className={`menu__item variable__option${chosen ? ' is-chosen' : ''}${index === active ? ' is-active' : ''}`}
                  onMouseEnter={() => setActive(index)}
                  onClick={() => choose(option)}
                >
                  {multi && <span className={`variable__check${chosen ? ' is-checked' : ''}`} aria-hidden="true" />}
                  <span className="variable__option-text">{option.text}</span>
                </button>
              );
            })}
          </div>
          {multi && (
            <div className="variable__actions">
              <button type="button" className="btn btn-primary variable__apply" onClick={() => close(true)}>
                Apply
              </button>
            </div>
          )}
        </div>
      )}
    </div>
  );
}
