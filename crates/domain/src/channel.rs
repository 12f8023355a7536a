//! The 14 official channels through which reports reach the city.

use serde::{Deserialize, Serialize};

/// How reports arrive through a channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ChannelKind {
    /// Another system (an app or a national platform) pushes reports through
    /// the API with its own key.
    System,
    /// Social media, e-mail and SMS: read and typed in by staff.
    Message,
    /// A walk-in office: typed in by staff.
    Office,
}

impl ChannelKind {
    /// Whether staff may type in a report for this channel.
    pub fn staff_may_file(self) -> bool {
        !matches!(self, ChannelKind::System)
    }

    /// The identifier used in the API and the database.
    pub fn as_str(self) -> &'static str {
        match self {
            ChannelKind::System => "system",
            ChannelKind::Message => "message",
            ChannelKind::Office => "office",
        }
    }
}

impl std::str::FromStr for ChannelKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "system" => Ok(ChannelKind::System),
            "message" => Ok(ChannelKind::Message),
            "office" => Ok(ChannelKind::Office),
            other => Err(format!("unknown channel kind `{other}`")),
        }
    }
}

/// A channel as seeded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChannelDef {
    pub code: &'static str,
    pub name: &'static str,
    pub kind: ChannelKind,
}

const fn ch(code: &'static str, name: &'static str, kind: ChannelKind) -> ChannelDef {
    ChannelDef { code, name, kind }
}

/// The 14 official channels.
pub const CHANNELS: [ChannelDef; 14] = [
    ch("jaki", "JAKI (Jakarta Kini)", ChannelKind::System),
    ch("qlue", "Qlue", ChannelKind::System),
    ch("twitter", "Twitter @DKIJakarta", ChannelKind::Message),
    ch(
        "facebook",
        "Facebook Pemprov DKI Jakarta",
        ChannelKind::Message,
    ),
    ch("email", "Email dki@jakarta.go.id", ChannelKind::Message),
    ch("sms", "SMS 08111272206", ChannelKind::Message),
    ch(
        "balai-warga",
        "Balai Warga (jakarta.go.id)",
        ChannelKind::System,
    ),
    ch("lapor-1708", "LAPOR! 1708", ChannelKind::System),
    ch(
        "medsos-gubernur",
        "Media Sosial Gubernur",
        ChannelKind::Message,
    ),
    ch(
        "pendopo-balai-kota",
        "Pendopo Balai Kota",
        ChannelKind::Office,
    ),
    ch("kantor-walikota", "Kantor Walikota", ChannelKind::Office),
    ch("kantor-kecamatan", "Kantor Kecamatan", ChannelKind::Office),
    ch("kantor-kelurahan", "Kantor Kelurahan", ChannelKind::Office),
    ch(
        "kantor-inspektorat",
        "Kantor Inspektorat",
        ChannelKind::Office,
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fourteen_distinct_channels_with_apps_pushing_through_the_api() {
        let mut codes: Vec<_> = CHANNELS.iter().map(|c| c.code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), 14);
        let jaki = CHANNELS.iter().find(|c| c.code == "jaki").expect("jaki");
        assert!(!jaki.kind.staff_may_file());
        let kel = CHANNELS
            .iter()
            .find(|c| c.code == "kantor-kelurahan")
            .expect("kantor");
        assert!(kel.kind.staff_may_file());
    }
}
