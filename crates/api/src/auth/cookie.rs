//! The session cookie: name from `[auth] login_cookie_name`, HttpOnly, SameSite and Secure
//! from `[security]`, scoped to the app's sub path.

use crate::state::ApiSettings;

pub fn session_cookie(settings: &ApiSettings, token: &str) -> String {
    let mut cookie = format!(
        "{}={}; Path={}; Max-Age={}; HttpOnly",
        settings.login_cookie_name,
        token,
        cookie_path(settings),
        settings.session_max_lifetime.as_secs()
    );
    append_flags(settings, &mut cookie);
    cookie
}

/// A cookie that makes the browser forget the session.
pub fn clear_session_cookie(settings: &ApiSettings) -> String {
    let mut cookie = format!(
        "{}=; Path={}; Max-Age=0; HttpOnly",
        settings.login_cookie_name,
        cookie_path(settings)
    );
    append_flags(settings, &mut cookie);
    cookie
}

fn cookie_path(settings: &ApiSettings) -> &str {
    if settings.app_sub_url.is_empty() {
        "/"
    } else {
        &settings.app_sub_url
    }
}

fn append_flags(settings: &ApiSettings, cookie: &mut String) {
    if settings.cookie_secure {
        cookie.push_str("; Secure");
    }
    match settings.cookie_samesite.as_str() {
        "disabled" | "" => {}
        "strict" => cookie.push_str("; SameSite=Strict"),
        "none" => cookie.push_str("; SameSite=None"),
        _ => cookie.push_str("; SameSite=Lax"),
    }
}
