// The first-login password change, as Grafana offers it: right after signing in with the
// default password `admin` (unless sign-in is delegated to LDAP or an auth proxy, where
// Grafana does not manage the password), the login page asks for a new one, or lets the user
// skip — and asks again at the next sign-in with the default password.
import type { FrontendSettings } from '../../api/types';

export const DEFAULT_ADMIN_PASSWORD = 'admin';

/** The server refuses shorter passwords. */
export const MIN_PASSWORD_LENGTH = 4;

export function offersPasswordChange(typedPassword: string, settings: Pick<FrontendSettings, 'ldapEnabled' | 'authProxyEnabled'>): boolean {
  return typedPassword === DEFAULT_ADMIN_PASSWORD && !settings.ldapEnabled && !settings.authProxyEnabled;
}

export interface NewPasswordProblems {
  newPassword?: string;
  confirm?: string;
}

/** What is wrong with the new password form, if anything. */
export function checkNewPassword(newPassword: string, confirm: string): NewPasswordProblems {
  const problems: NewPasswordProblems = {};
  if (!newPassword) problems.newPassword = 'New password is required';
  else if (newPassword.length < MIN_PASSWORD_LENGTH) problems.newPassword = `Use at least ${MIN_PASSWORD_LENGTH} characters`;
  else if (newPassword === DEFAULT_ADMIN_PASSWORD) problems.newPassword = 'Choose a password other than the default one';
  if (!confirm) problems.confirm = 'Confirm the new password';
  else if (newPassword && confirm !== newPassword) problems.confirm = 'Passwords must match';
  return problems;
}
