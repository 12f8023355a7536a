//! Open311 GeoReport v2 documents: the spec's shapes, written as JSON (bare
//! arrays, objects for the service definition and discovery) or XML (the
//! spec's root and child element names, no namespace), and its errors
//! (`<errors><error><code/><description/></error></errors>`).

use actix_web::http::StatusCode;
use actix_web::HttpResponse;
use serde::Serialize;

/// The one jurisdiction this server serves.
pub const JURISDICTION: &str = "jakarta";
/// The spec this implements.
pub const SPECIFICATION: &str = "http://wiki.open311.org/GeoReport_v2";

/// The format the client asked for by the file extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Xml,
}

/// Splits `name.ext` into the name and its format; `None` for another or
/// no extension.
pub fn split_format(file: &str) -> Option<(&str, Format)> {
    let (name, ext) = file.rsplit_once('.')?;
    let f = match ext.to_ascii_lowercase().as_str() {
        "json" => Format::Json,
        "xml" => Format::Xml,
        _ => return None,
    };
    Some((name, f))
}

/// A service (one per category).
#[derive(Debug, Clone, Serialize)]
pub struct Service {
    pub service_code: String,
    pub service_name: String,
    pub description: String,
    pub metadata: bool,
    #[serde(rename = "type")]
    pub kind: String,
    pub keywords: String,
    pub group: String,
}

/// An attribute of a service definition.
#[derive(Debug, Clone, Serialize)]
pub struct Attribute {
    pub variable: bool,
    pub code: String,
    pub datatype: String,
    pub required: bool,
    pub datatype_description: String,
    pub order: u32,
    pub description: String,
    pub values: Vec<AttrValue>,
}

/// A choice of a list attribute.
#[derive(Debug, Clone, Serialize)]
pub struct AttrValue {
    pub key: String,
    pub name: String,
}

/// `GET services/{code}`.
#[derive(Debug, Clone, Serialize)]
pub struct ServiceDefinition {
    pub service_code: String,
    pub attributes: Vec<Attribute>,
}

/// A service request as GET requests returns it.
#[derive(Debug, Clone, Serialize)]
pub struct ServiceRequest {
    pub service_request_id: String,
    pub status: String,
    pub status_notes: Option<String>,
    pub service_name: String,
    pub service_code: String,
    pub description: String,
    pub agency_responsible: Option<String>,
    pub service_notice: Option<String>,
    pub requested_datetime: String,
    pub updated_datetime: String,
    pub expected_datetime: Option<String>,
    pub address: Option<String>,
    pub address_id: Option<String>,
    pub zipcode: Option<String>,
    pub lat: Option<f64>,
    pub long: Option<f64>,
    pub media_url: Option<String>,
}

/// The answer to POST requests.
#[derive(Debug, Clone, Serialize)]
pub struct Created {
    pub service_request_id: String,
    pub service_notice: Option<String>,
    pub account_id: Option<String>,
    /// The reporter's tracking code (an extension of GeoReport v2): give it
    /// to the reporter only.
    pub tracking_code: Option<String>,
}

/// The answer to GET tokens/{token}.
#[derive(Debug, Clone, Serialize)]
pub struct TokenAnswer {
    pub service_request_id: String,
    pub token: String,
}

/// One endpoint in the discovery document.
#[derive(Debug, Clone, Serialize)]
pub struct Endpoint {
    pub specification: String,
    pub url: String,
    pub changeset: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub formats: Vec<String>,
}

/// The discovery document.
#[derive(Debug, Clone, Serialize)]
pub struct Discovery {
    pub changeset: String,
    pub contact: String,
    pub key_service: String,
    pub endpoints: Vec<Endpoint>,
}

/// An error of the spec.
#[derive(Debug, Clone, Serialize)]
pub struct Error311 {
    pub code: u16,
    pub description: String,
}

/// Times as the spec writes them: W3C, with the WIB offset.
pub fn w3c(t: chrono::DateTime<chrono::Utc>) -> String {
    crm_domain::time::to_wib(t)
        .format("%Y-%m-%dT%H:%M:%S%:z")
        .to_string()
}

// --- XML -------------------------------------------------------------------

/// A minimal XML writer: elements and escaped text, nothing else is needed
/// by the spec's documents.
struct Xml {
    out: String,
}

impl Xml {
    fn new() -> Self {
        Xml {
            out: String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"),
        }
    }

    fn open(&mut self, name: &str) {
        self.out.push('<');
        self.out.push_str(name);
        self.out.push('>');
    }

    fn close(&mut self, name: &str) {
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push('>');
    }

    fn text(&mut self, name: &str, value: Option<&str>) {
        match value {
            Some(v) => {
                // XML 1.0 has no place for control characters but tab and
                // line feed (a carriage return would be read as a line
                // feed), nor for the noncharacters U+FFFE and U+FFFF.
                let clean: String = v
                    .chars()
                    .filter(|c| !c.is_control() || *c == '\t' || *c == '\n')
                    .filter(|c| !matches!(c, '\u{FFFE}' | '\u{FFFF}'))
                    .collect();
                self.open(name);
                self.out.push_str(&quick_xml::escape::escape(clean));
                self.close(name);
            }
            None => {
                self.out.push('<');
                self.out.push_str(name);
                self.out.push_str("/>");
            }
        }
    }

    fn field(&mut self, name: &str, value: &impl ToString) {
        self.text(name, Some(&value.to_string()));
    }

    fn opt<T: ToString>(&mut self, name: &str, value: &Option<T>) {
        self.text(name, value.as_ref().map(|v| v.to_string()).as_deref());
    }
}

/// A document both formats can write.
pub trait Document {
    fn json(&self) -> String;
    fn xml(&self) -> String;
}

fn to_json(v: &impl Serialize) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "[]".into())
}

impl Document for Vec<Service> {
    fn json(&self) -> String {
        to_json(self)
    }
    fn xml(&self) -> String {
        let mut x = Xml::new();
        x.open("services");
        for s in self {
            x.open("service");
            x.field("service_code", &s.service_code);
            x.field("service_name", &s.service_name);
            x.field("description", &s.description);
            x.field("metadata", &s.metadata);
            x.field("type", &s.kind);
            x.field("keywords", &s.keywords);
            x.field("group", &s.group);
            x.close("service");
        }
        x.close("services");
        x.out
    }
}

impl Document for ServiceDefinition {
    fn json(&self) -> String {
        to_json(self)
    }
    fn xml(&self) -> String {
        let mut x = Xml::new();
        x.open("service_definition");
        x.field("service_code", &self.service_code);
        x.open("attributes");
        for a in &self.attributes {
            x.open("attribute");
            x.field("variable", &a.variable);
            x.field("code", &a.code);
            x.field("datatype", &a.datatype);
            x.field("required", &a.required);
            x.field("datatype_description", &a.datatype_description);
            x.field("order", &a.order);
            x.field("description", &a.description);
            x.open("values");
            for v in &a.values {
                x.open("value");
                x.field("key", &v.key);
                x.field("name", &v.name);
                x.close("value");
            }
            x.close("values");
            x.close("attribute");
        }
        x.close("attributes");
        x.close("service_definition");
        x.out
    }
}

impl Document for Vec<ServiceRequest> {
    fn json(&self) -> String {
        to_json(self)
    }
    fn xml(&self) -> String {
        let mut x = Xml::new();
        x.open("service_requests");
        for r in self {
            x.open("request");
            x.field("service_request_id", &r.service_request_id);
            x.field("status", &r.status);
            x.opt("status_notes", &r.status_notes);
            x.field("service_name", &r.service_name);
            x.field("service_code", &r.service_code);
            x.field("description", &r.description);
            x.opt("agency_responsible", &r.agency_responsible);
            x.opt("service_notice", &r.service_notice);
            x.field("requested_datetime", &r.requested_datetime);
            x.field("updated_datetime", &r.updated_datetime);
            x.opt("expected_datetime", &r.expected_datetime);
            x.opt("address", &r.address);
            x.opt("address_id", &r.address_id);
            x.opt("zipcode", &r.zipcode);
            x.opt("lat", &r.lat);
            x.opt("long", &r.long);
            x.opt("media_url", &r.media_url);
            x.close("request");
        }
        x.close("service_requests");
        x.out
    }
}

impl Document for Vec<Created> {
    fn json(&self) -> String {
        to_json(self)
    }
    fn xml(&self) -> String {
        let mut x = Xml::new();
        x.open("service_requests");
        for c in self {
            x.open("request");
            x.field("service_request_id", &c.service_request_id);
            x.opt("service_notice", &c.service_notice);
            x.opt("account_id", &c.account_id);
            x.opt("tracking_code", &c.tracking_code);
            x.close("request");
        }
        x.close("service_requests");
        x.out
    }
}

impl Document for Vec<TokenAnswer> {
    fn json(&self) -> String {
        to_json(self)
    }
    fn xml(&self) -> String {
        let mut x = Xml::new();
        x.open("service_requests");
        for t in self {
            x.open("request");
            x.field("service_request_id", &t.service_request_id);
            x.field("token", &t.token);
            x.close("request");
        }
        x.close("service_requests");
        x.out
    }
}

impl Document for Discovery {
    fn json(&self) -> String {
        to_json(self)
    }
    fn xml(&self) -> String {
        let mut x = Xml::new();
        x.open("discovery");
        x.field("changeset", &self.changeset);
        x.field("contact", &self.contact);
        x.field("key_service", &self.key_service);
        x.open("endpoints");
        for e in &self.endpoints {
            x.open("endpoint");
            x.field("specification", &e.specification);
            x.field("url", &e.url);
            x.field("changeset", &e.changeset);
            x.field("type", &e.kind);
            x.open("formats");
            for f in &e.formats {
                x.field("format", f);
            }
            x.close("formats");
            x.close("endpoint");
        }
        x.close("endpoints");
        x.close("discovery");
        x.out
    }
}

impl Document for Vec<Error311> {
    fn json(&self) -> String {
        to_json(self)
    }
    fn xml(&self) -> String {
        let mut x = Xml::new();
        x.open("errors");
        for e in self {
            x.open("error");
            x.field("code", &e.code);
            x.field("description", &e.description);
            x.close("error");
        }
        x.close("errors");
        x.out
    }
}

/// A document in the asked format with this status.
pub fn respond(status: StatusCode, format: Format, doc: &impl Document) -> HttpResponse {
    let (ct, body) = match format {
        Format::Json => ("application/json; charset=utf-8", doc.json()),
        Format::Xml => ("text/xml; charset=utf-8", doc.xml()),
    };
    HttpResponse::build(status).content_type(ct).body(body)
}

/// An error of the spec: 400, 403 or 404, in the asked format.
#[derive(Debug, Clone)]
pub struct Fault {
    pub status: StatusCode,
    pub description: String,
}

impl Fault {
    pub fn bad(d: impl Into<String>) -> Self {
        Fault {
            status: StatusCode::BAD_REQUEST,
            description: d.into(),
        }
    }
    pub fn forbidden(d: impl Into<String>) -> Self {
        Fault {
            status: StatusCode::FORBIDDEN,
            description: d.into(),
        }
    }
    pub fn not_found(d: impl Into<String>) -> Self {
        Fault {
            status: StatusCode::NOT_FOUND,
            description: d.into(),
        }
    }

    pub fn respond(&self, format: Format) -> HttpResponse {
        respond(
            self.status,
            format,
            &vec![Error311 {
                code: self.status.as_u16(),
                description: self.description.clone(),
            }],
        )
    }
}

impl From<crate::db::DbError> for Fault {
    fn from(e: crate::db::DbError) -> Self {
        log::error!("open311: {e}");
        Fault {
            status: StatusCode::SERVICE_UNAVAILABLE,
            description: "the service is unavailable; try again later".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_come_from_the_extension() {
        assert_eq!(
            split_format("services.json"),
            Some(("services", Format::Json))
        );
        assert_eq!(split_format("sampah.XML"), Some(("sampah", Format::Xml)));
        assert_eq!(split_format("services"), None);
        assert_eq!(split_format("services.html"), None);
    }

    #[test]
    fn xml_text_is_escaped_and_absent_values_are_empty_elements() {
        let e = vec![Error311 {
            code: 400,
            description: "a <b> & \"c\"".into(),
        }];
        let x = e.xml();
        let bell = vec![Error311 {
            code: 400,
            description: "a\u{1}b\r\nc".into(),
        }];
        assert!(bell.xml().contains("<description>ab\nc</description>"));
        let nonchar = vec![Error311 {
            code: 400,
            description: "a\u{FFFE}b\u{FFFF}c".into(),
        }];
        assert!(nonchar.xml().contains("<description>abc</description>"));
        assert!(x.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>"));
        assert!(x.contains("<errors><error><code>400</code><description>a &lt;b&gt; &amp; &quot;c&quot;</description></error></errors>"), "{x}");
        let c = vec![Created {
            service_request_id: "7".into(),
            service_notice: None,
            account_id: None,
            tracking_code: Some("K7M2QX9PDF4H".into()),
        }];
        assert!(c
            .xml()
            .contains("<service_notice/><account_id/><tracking_code>K7M2QX9PDF4H</tracking_code>"));
        assert_eq!(
            c.json(),
            r#"[{"service_request_id":"7","service_notice":null,"account_id":null,"tracking_code":"K7M2QX9PDF4H"}]"#
        );
    }
}
