// The first-login password form: new password twice, Submit or Skip.
import { useState, type FormEvent } from 'react';
import { checkNewPassword, type NewPasswordProblems } from './password';

export function ChangePasswordForm({ login, onSubmit, onSkip }: { login: string; onSubmit: (newPassword: string) => Promise<void>; onSkip: () => void }) {
  const [newPassword, setNewPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [problems, setProblems] = useState<NewPasswordProblems>({});
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = checkNewPassword(newPassword, confirm);
    setProblems(found);
    setError(undefined);
    if (found.newPassword || found.confirm) return;
    setBusy(true);
    try {
      await onSubmit(newPassword);
    } catch (failure) {
      const message = failure instanceof Error ? failure.message : 'the password could not be changed';
      setError(message.charAt(0).toUpperCase() + message.slice(1));
      setBusy(false);
    }
  }

  return (
    <form className="login__form" onSubmit={submit} noValidate aria-label="Update your password">
      <p className="login__notice">You signed in with the default password. Choose a new one to keep your server safe.</p>
      {/* Tells password managers whose password this is. */}
      <input type="text" name="username" autoComplete="username" value={login} readOnly hidden />
      <label htmlFor="new-password">New password</label>
      <input
        id="new-password"
        name="newPassword"
        type="password"
        className={`input${problems.newPassword ? ' input--invalid' : ''}`}
        autoComplete="new-password"
        autoFocus
        aria-invalid={Boolean(problems.newPassword)}
        aria-describedby={problems.newPassword ? 'new-password-problem' : undefined}
        value={newPassword}
        onChange={(event) => setNewPassword(event.target.value)}
      />
      {problems.newPassword && (
        <div id="new-password-problem" className="login__field-error">
          {problems.newPassword}
        </div>
      )}
      <label htmlFor="confirm-new-password">Confirm new password</label>
      <input
        id="confirm-new-password"
        name="confirmNew"
        type="password"
        className={`input${problems.confirm ? ' input--invalid' : ''}`}
        autoComplete="new-password"
        aria-invalid={Boolean(problems.confirm)}
        aria-describedby={problems.confirm ? 'confirm-new-password-problem' : undefined}
        value={confirm}
        onChange={(event) => setConfirm(event.target.value)}
      />
      {problems.confirm && (
        <div id="confirm-new-password-problem" className="login__field-error">
          {problems.confirm}
        </div>
      )}
      {error && (
        <div className="login__error" role="alert">
          {error}
        </div>
      )}
      <div className="login__actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? 'Saving…' : 'Submit'}
        </button>
        <button type="button" className="btn login__skip" onClick={onSkip} disabled={busy} title="You will be asked again the next time you sign in with the default password">
          Skip
        </button>
      </div>
    </form>
  );
}
