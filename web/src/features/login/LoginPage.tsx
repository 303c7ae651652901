// Form login: `POST /login {user, password}` sets the session cookie; then back to the page
// the user asked for (`?redirectTo=`, app routes only). After a sign-in with the default
// password the page first offers to change it (`PUT /api/user/password`), or to skip.
import { useEffect, useState, type FormEvent } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { Logo } from '../../app/Icon';
import { useSession } from '../../app/session';
import { loadFrontendSettings } from '../dashboard/settings';
import { ChangePasswordForm } from './ChangePasswordForm';
import { offersPasswordChange } from './password';
import './login.css';

/** Only app paths: never another site (`//evil.example`) or a scheme. */
export function safeRedirect(target: string | null): string {
  if (!target || !target.startsWith('/') || target.startsWith('//') || target.startsWith('/\\')) return '/';
  return target;
}

function capitalized(message: string): string {
  return message.charAt(0).toUpperCase() + message.slice(1);
}

export function LoginPage() {
  const { user, reload } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const redirectTo = safeRedirect(params.get('redirectTo'));
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  /** Signed in with the default password: the password change is shown. */
  const [changing, setChanging] = useState(false);

  useEffect(() => {
    document.title = changing ? 'Update your password - Sightline' : 'Log in - Sightline';
  }, [changing]);

  if (user) return <Navigate to={redirectTo} replace />;

  /** Into the app: read the session (which makes this page redirect) and go. */
  async function enter() {
    await reload();
    void navigate(redirectTo, { replace: true });
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await api.login(login, password);
    } catch (failure) {
      setError(capitalized(failure instanceof Error ? failure.message : 'login failed'));
      setBusy(false);
      return;
    }
    const settings = await loadFrontendSettings().catch(() => ({}));
    if (offersPasswordChange(password, settings)) {
      setChanging(true);
      setBusy(false);
      return;
    }
    await enter();
  }

  /** The new password ends every session of the user (as Grafana's does), so sign in again with it. */
  async function changePassword(newPassword: string) {
    await api.changePassword(password, newPassword);
    await api.login(login, newPassword);
    setPassword('');
    await enter();
  }

  return (
    <div className="login">
      <div className="login__card">
        <div className="login__brand">
          <Logo size={56} />
          <h1>{changing ? 'Update your password' : 'Welcome to Sightline'}</h1>
        </div>
        {changing ? (
          <ChangePasswordForm login={login} onSubmit={changePassword} onSkip={() => void enter()} />
        ) : (
          <form className="login__form" onSubmit={submit} noValidate>
            <label htmlFor="login-user">Email or username</label>
            <input
              id="login-user"
              name="user"
              className="input"
              autoComplete="username"
              autoFocus
              placeholder="email or username"
              value={login}
              onChange={(event) => setLogin(event.target.value)}
            />
            <label htmlFor="login-password">Password</label>
            <input
              id="login-password"
              name="password"
              type="password"
              className="input"
              autoComplete="current-password"
              placeholder="password"
              value={password}
              onChange={(event) => setPassword(event.target.value)}
            />
            {error && (
              <div className="login__error" role="alert">
                {error}
              </div>
            )}
            <button type="submit" className="btn btn-primary login__submit" disabled={busy || !login || !password}>
              {busy ? 'Logging in…' : 'Log in'}
            </button>
          </form>
        )}
      </div>
    </div>
  );
}
