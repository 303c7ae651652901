import { describe, expect, it } from 'vitest';
import { checkNewPassword, offersPasswordChange } from './password';

describe('offersPasswordChange', () => {
  it('asks after signing in with the default password', () => {
    expect(offersPasswordChange('admin', {})).toBe(true);
    expect(offersPasswordChange('admin', { ldapEnabled: false, authProxyEnabled: false })).toBe(true);
  });

  it('does not ask for other passwords or when LDAP or an auth proxy signs in', () => {
    expect(offersPasswordChange('Admin', {})).toBe(false);
    expect(offersPasswordChange('secret', {})).toBe(false);
    expect(offersPasswordChange('admin', { ldapEnabled: true })).toBe(false);
    expect(offersPasswordChange('admin', { authProxyEnabled: true })).toBe(false);
  });
});

describe('checkNewPassword', () => {
  it('accepts a new password typed twice', () => {
    expect(checkNewPassword('s3cret!', 's3cret!')).toEqual({});
  });

  it('requires both fields', () => {
    expect(checkNewPassword('', '')).toEqual({ newPassword: 'New password is required', confirm: 'Confirm the new password' });
  });

  it('refuses short, default and mismatched passwords', () => {
    expect(checkNewPassword('abc', 'abc').newPassword).toBe('Use at least 4 characters');
    expect(checkNewPassword('admin', 'admin').newPassword).toMatch(/other than the default/);
    expect(checkNewPassword('s3cret!', 's3cret?')).toEqual({ confirm: 'Passwords must match' });
  });
});
