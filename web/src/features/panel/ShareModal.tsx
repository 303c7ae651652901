// "Share panel": a link to the panel full screen, or the HTML to embed it (a `/d-solo/`
// iframe), both with the current time range (locked to absolute times by default, as in
// Grafana) and the dashboard's variables, and a copy button.
import { useEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { basePath } from '../../app/base';
import { Icon } from '../../app/Icon';
import type { TimeRange } from '../../lib/time/range';
import { copyText } from './clipboard';
import { appBaseUrl, buildEmbedHtml, buildShareUrl, buildSoloUrl, type ShareTarget } from './share';

export interface ShareModalProps {
  dashboardUid: string;
  slug?: string;
  panelId?: number;
  panelTitle?: string;
  range: TimeRange;
  onClose: () => void;
}

type ShareTab = 'link' | 'embed';

export function ShareModal({ dashboardUid, slug, panelId, panelTitle, range, onClose }: ShareModalProps) {
  const [tab, setTab] = useState<ShareTab>('link');
  const [lockTime, setLockTime] = useState(true);
  const [copied, setCopied] = useState(false);
  const dialog = useRef<HTMLDivElement>(null);

  useEffect(() => {
    dialog.current?.querySelector<HTMLElement>('[data-autofocus]')?.focus();
  }, [tab]);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      event.preventDefault();
      onClose();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onClose]);
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 2000);
    return () => clearTimeout(timer);
  }, [copied]);

  const target: ShareTarget = { baseUrl: appBaseUrl(window.location, basePath()), dashboardUid, slug, panelId, search: window.location.search, range };
  const link = buildShareUrl(target, { lockTime });
  const solo = panelId === undefined ? undefined : buildSoloUrl({ ...target, panelId }, { lockTime });
  const text = tab === 'embed' && solo ? buildEmbedHtml(solo) : link;
  const copy = () => void copyText(text).then(setCopied);

  return createPortal(
    <div className="modal-backdrop" onPointerDown={(event) => event.target === event.currentTarget && onClose()}>
      <div className="modal share-modal" role="dialog" aria-modal="true" aria-label={panelTitle ? `Share panel ${panelTitle}` : 'Share'} ref={dialog}>
        <header className="modal__header">
          <h2>
            <Icon name="share" size={18} /> Share{panelTitle ? `: ${panelTitle}` : ''}
          </h2>
          <button type="button" className="icon-btn" onClick={onClose} aria-label="Close">
            <Icon name="close" size={18} />
          </button>
        </header>
        <div className="inspect-drawer__tabs modal__tabs" role="tablist">
          <button type="button" role="tab" aria-selected={tab === 'link'} className={`inspect-drawer__tab${tab === 'link' ? ' is-active' : ''}`} onClick={() => setTab('link')}>
            Link
          </button>
          {solo && (
            <button type="button" role="tab" aria-selected={tab === 'embed'} className={`inspect-drawer__tab${tab === 'embed' ? ' is-active' : ''}`} onClick={() => setTab('embed')}>
              Embed
            </button>
          )}
        </div>
        <div className="modal__body">
          <p className="share-modal__hint">
            {tab === 'link' ? 'A link to this panel in full-screen view, with the current time range and variables.' : 'HTML that shows this panel, and nothing else, in another page.'}
          </p>
          <label className="inspect-check share-modal__lock">
            <input type="checkbox" checked={lockTime} onChange={(event) => setLockTime(event.target.checked)} />
            Lock time range
            <span className="share-modal__sub">
              {lockTime ? 'The link shows the range as it is now, whenever it is opened.' : `The link keeps the relative range (${range.raw.from} to ${range.raw.to}).`}
            </span>
          </label>
          {tab === 'link' ? (
            <div className="share-modal__row">
              <input className="input" readOnly value={link} aria-label="Link URL" data-autofocus onFocus={(event) => event.target.select()} />
              <button type="button" className="btn btn-primary" onClick={copy}>
                <Icon name="copy" /> {copied ? 'Copied' : 'Copy'}
              </button>
            </div>
          ) : (
            <>
              <textarea className="input share-modal__code" readOnly value={text} aria-label="Embed HTML" rows={4} data-autofocus onFocus={(event) => event.target.select()} />
              <div className="share-modal__actions">
                <a className="btn" href={solo} target="_blank" rel="noopener noreferrer">
                  <Icon name="externalLink" /> Open the embedded view
                </a>
                <button type="button" className="btn btn-primary" onClick={copy}>
                  <Icon name="copy" /> {copied ? 'Copied' : 'Copy'}
                </button>
              </div>
            </>
          )}
        </div>
      </div>
    </div>,
    document.body,
  );
}
