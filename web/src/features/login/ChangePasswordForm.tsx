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
      <PasswordField id="new-password" name="newPassword" label="New password" value={newPassword} problem={problems.newPassword} onChange={setNewPassword} autoFocus />
      <PasswordField id="confirm-new-password" name="confirmNew" label="Confirm new password" value={confirm} problem={problems.confirm} onChange={setConfirm} />
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

/** A new-password input with its label and, when it has one, its problem beneath. */
function PasswordField({ id, name, label, value, problem, onChange, autoFocus }: { id: string; name: string; label: string; value: string; problem?: string; onChange: (value: string) => void; autoFocus?: boolean }) {
  const problemId = `${id}-problem`;
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={name}
        type="password"
        className={`input${problem ? ' input--invalid' : ''}`}
        autoComplete="new-password"
        autoFocus={autoFocus}
        aria-invalid={Boolean(problem)}
        aria-describedby={problem ? problemId : undefined}
        value={value}
        onChange={(event) => onChange(event.target.value)}
      />
      {problem && (
        <div id={problemId} className="login__field-error">
          {problem}
        </div>
      )}
    </>
  );
}
