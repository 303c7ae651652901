// Pages that exist in Grafana and are not built yet, and the page for unknown routes.
import { Link } from 'react-router';
import { usePageCrumbs } from '../../app/chrome';
import { Icon, type IconName } from '../../app/Icon';
import './placeholder.css';

export function ComingSoon({ title, icon, text }: { title: string; icon: IconName; text: string }) {
  usePageCrumbs([{ text: 'Home', to: '/' }, { text: title }]);
  return (
    <div className="page">
      <div className="placeholder">
        <div className="placeholder__icon">
          <Icon name={icon} size={32} />
        </div>
        <h1 className="page__title">{title}</h1>
        <p className="placeholder__badge">Coming soon</p>
        <p className="placeholder__text">{text}</p>
        <Link to="/dashboards" className="btn">
          <Icon name="dashboards" /> Browse dashboards
        </Link>
      </div>
    </div>
  );
}

export function NotFound() {
  usePageCrumbs([{ text: 'Home', to: '/' }, { text: 'Page not found' }]);
  return (
    <div className="page">
      <div className="placeholder">
        <div className="placeholder__icon">
          <Icon name="warning" size={32} />
        </div>
        <h1 className="page__title">Page not found</h1>
        <p className="placeholder__text">There is nothing at this address.</p>
        <Link to="/dashboards" className="btn">
          <Icon name="dashboards" /> Browse dashboards
        </Link>
      </div>
    </div>
  );
}
