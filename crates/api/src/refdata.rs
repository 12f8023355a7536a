//! The reference data held in memory: units (and their tree), categories and
//! channels, read once at start for lookups and scope checks.

use crm_domain::api::{Category, Channel, Unit};
use crm_domain::intake::Lookups;
use crm_domain::unit::UnitNode;
use crm_domain::{ChannelKind, UnitLevel, UnitTree};
use std::collections::HashMap;

/// Units, categories and channels, indexed.
pub struct RefData {
    pub tree: UnitTree,
    pub units: Vec<Unit>,
    pub categories: Vec<Category>,
    pub channels: Vec<Channel>,
    unit_ix: HashMap<String, usize>,
    cat_ix: HashMap<String, usize>,
    chan_ix: HashMap<String, usize>,
}

fn index<T>(items: &[T], key: impl Fn(&T) -> &str) -> HashMap<String, usize> {
    items
        .iter()
        .enumerate()
        .map(|(i, t)| (key(t).to_string(), i))
        .collect()
}

impl RefData {
    pub fn new(units: Vec<Unit>, categories: Vec<Category>, channels: Vec<Channel>) -> Self {
        let tree = UnitTree::new(units.iter().map(|u| UnitNode {
            code: u.code.clone(),
            parent_code: u.parent_code.clone(),
            level: u.level,
            name: u.name.clone(),
        }));
        RefData {
            tree,
            unit_ix: index(&units, |u| &u.code),
            cat_ix: index(&categories, |c| &c.code),
            chan_ix: index(&channels, |c| &c.code),
            units,
            categories,
            channels,
        }
    }

    pub fn unit(&self, code: &str) -> Option<&Unit> {
        self.unit_ix.get(code).map(|&i| &self.units[i])
    }

    pub fn unit_name(&self, code: Option<&str>) -> Option<String> {
        code.and_then(|c| self.unit(c)).map(|u| u.name.clone())
    }

    pub fn category(&self, code: &str) -> Option<&Category> {
        self.cat_ix.get(code).map(|&i| &self.categories[i])
    }

    pub fn category_name(&self, code: &str) -> String {
        self.category(code)
            .map(|c| c.name.clone())
            .unwrap_or_else(|| code.to_string())
    }

    pub fn channel(&self, code: &str) -> Option<&Channel> {
        self.chan_ix.get(code).map(|&i| &self.channels[i])
    }
}

impl Lookups for RefData {
    fn channel_kind(&self, code: &str) -> Option<ChannelKind> {
        self.channel(code).map(|c| c.kind)
    }
    fn has_category(&self, code: &str) -> bool {
        self.cat_ix.contains_key(code)
    }
    fn unit_level(&self, code: &str) -> Option<UnitLevel> {
        self.unit(code).map(|u| u.level)
    }
}
