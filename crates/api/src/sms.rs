//! The SMS gateway adapter: one HTTP request per text message, shaped by
//! the operator's settings (`--sms-url`, `--sms-method`, `--sms-body`,
//! `--sms-content-type`, `--sms-auth-header`) so any provider's API fits.
//! `{to}` and `{text}` are replaced in the URL (percent-encoded) and in the
//! body (escaped for JSON or a form, as its content type says).

use crate::config::SmsArgs;

/// One request to the gateway.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub method: reqwest::Method,
    pub url: String,
    pub content_type: Option<String>,
    pub auth: Option<(String, String)>,
    pub body: Option<String>,
}

fn percent(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// A JSON string's inside (without its quotes).
fn json_inside(s: &str) -> String {
    let quoted = serde_json::Value::String(s.to_string()).to_string();
    quoted[1..quoted.len() - 1].to_string()
}

fn fill(template: &str, to: &str, text: &str, escape: impl Fn(&str) -> String) -> String {
    template
        .replace("{to}", &escape(to))
        .replace("{text}", &escape(text))
}

/// The method, checked.
fn method(cfg: &SmsArgs) -> Result<reqwest::Method, String> {
    match cfg.sms_method.trim().to_ascii_uppercase().as_str() {
        "POST" => Ok(reqwest::Method::POST),
        "PUT" => Ok(reqwest::Method::PUT),
        "GET" => Ok(reqwest::Method::GET),
        other => Err(format!("--sms-method `{other}`: use POST, PUT or GET")),
    }
}

/// The authentication header, checked.
fn auth(cfg: &SmsArgs) -> Result<Option<(String, String)>, String> {
    let Some(h) = cfg
        .sms_auth_header
        .as_deref()
        .filter(|h| !h.trim().is_empty())
    else {
        return Ok(None);
    };
    let (name, value) = h
        .split_once(':')
        .ok_or("--sms-auth-header: write it as `Name: value`")?;
    let name = name.trim();
    reqwest::header::HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| format!("--sms-auth-header: `{name}` is not a header name"))?;
    reqwest::header::HeaderValue::from_str(value.trim())
        .map_err(|_| "--sms-auth-header: the value is not a header value".to_string())?;
    Ok(Some((name.to_string(), value.trim().to_string())))
}

/// Checks the settings at start, so a mistake stops the server instead of
/// failing every message.
pub fn check(cfg: &SmsArgs) -> Result<(), String> {
    let Some(url) = cfg.sms_url.as_deref().filter(|u| !u.trim().is_empty()) else {
        return Ok(());
    };
    method(cfg)?;
    auth(cfg)?;
    let probe = fill(url, "+6281", "x", percent);
    let parsed = url::Url::parse(&probe).map_err(|e| format!("--sms-url: {e}"))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err("--sms-url: use an http:// or https:// address".into());
    }
    Ok(())
}

/// The request that sends `text` to `to`; `None` when no gateway is set.
pub fn request(cfg: &SmsArgs, to: &str, text: &str) -> Result<Option<Request>, String> {
    let Some(url) = cfg.sms_url.as_deref().filter(|u| !u.trim().is_empty()) else {
        return Ok(None);
    };
    let method = method(cfg)?;
    let content_type = cfg.sms_content_type.trim().to_string();
    let body = (method != reqwest::Method::GET).then(|| {
        let ct = content_type.to_ascii_lowercase();
        if ct.contains("json") {
            fill(&cfg.sms_body, to, text, json_inside)
        } else if ct.contains("x-www-form-urlencoded") {
            fill(&cfg.sms_body, to, text, percent)
        } else {
            fill(&cfg.sms_body, to, text, str::to_string)
        }
    });
    Ok(Some(Request {
        url: fill(url, to, text, percent),
        content_type: body.as_ref().map(|_| content_type),
        auth: auth(cfg)?,
        body,
        method,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(url: &str) -> SmsArgs {
        SmsArgs {
            sms_url: Some(url.into()),
            ..crate::config::DeliveryArgs::default().sms
        }
    }

    #[test]
    fn the_default_body_is_json_with_the_text_escaped() {
        let r = request(
            &cfg("https://sms.example.id/send"),
            "+62812",
            "Tulis \"ok\"\nya",
        )
        .expect("ok")
        .expect("on");
        assert_eq!(r.method, reqwest::Method::POST);
        let body: serde_json::Value =
            serde_json::from_str(r.body.as_deref().expect("body")).expect("the body stays JSON");
        assert_eq!(body["to"], "+62812");
        assert_eq!(body["text"], "Tulis \"ok\"\nya");
        assert_eq!(r.content_type.as_deref(), Some("application/json"));
    }

    #[test]
    fn a_form_body_and_a_get_url_are_percent_encoded() {
        let mut c = cfg("https://gw.example.id/api?to={to}&msg={text}");
        c.sms_method = "get".into();
        let r = request(&c, "+62812", "a&b=c").expect("ok").expect("on");
        assert_eq!(r.url, "https://gw.example.id/api?to=%2B62812&msg=a%26b%3Dc");
        assert_eq!(r.body, None);
        let mut c = cfg("https://gw.example.id/send");
        c.sms_content_type = "application/x-www-form-urlencoded".into();
        c.sms_body = "dest={to}&msg={text}".into();
        c.sms_auth_header = Some("Authorization: Bearer rahasia".into());
        let r = request(&c, "+62812", "a&b").expect("ok").expect("on");
        assert_eq!(r.body.as_deref(), Some("dest=%2B62812&msg=a%26b"));
        assert_eq!(
            r.auth,
            Some(("Authorization".into(), "Bearer rahasia".into()))
        );
    }

    #[test]
    fn bad_settings_are_named_at_start() {
        let mut c = cfg("ftp://gw.example.id/");
        assert!(check(&c).is_err_and(|e| e.contains("--sms-url")));
        c.sms_url = Some("https://gw.example.id/".into());
        c.sms_method = "DELETE".into();
        assert!(check(&c).is_err_and(|e| e.contains("--sms-method")));
        c.sms_method = "POST".into();
        c.sms_auth_header = Some("no colon".into());
        assert!(check(&c).is_err_and(|e| e.contains("--sms-auth-header")));
        assert!(check(&SmsArgs::default()).is_ok(), "off is fine");
    }
}
