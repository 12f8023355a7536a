//! The reference data held in memory: units (and their tree) and channels,
//! read once at start, and categories, which an administrator may edit (the
//! in-memory copy is replaced together with the database row).

use crm_domain::api::{Category, Channel, Unit};
use crm_domain::intake::Lookups;
use crm_domain::unit::UnitNode;
use crm_domain::{ChannelKind, UnitLevel, UnitTree};
use std::collections::HashMap;
use std::sync::RwLock;

/// The categories and their index.
#[derive(Default)]
struct Categories {
    list: Vec<Category>,
    ix: HashMap<String, usize>,
}

/// Units, categories and channels, indexed.
pub struct RefData {
    pub tree: UnitTree,
    pub units: Vec<Unit>,
    categories: RwLock<Categories>,
    pub channels: Vec<Channel>,
    unit_ix: HashMap<String, usize>,
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
            categories: RwLock::new(Categories {
                ix: index(&categories, |c| &c.code),
                list: categories,
            }),
            chan_ix: index(&channels, |c| &c.code),
            units,
            channels,
        }
    }

    pub fn unit(&self, code: &str) -> Option<&Unit> {
        self.unit_ix.get(code).map(|&i| &self.units[i])
    }

    pub fn unit_name(&self, code: Option<&str>) -> Option<String> {
        code.and_then(|c| self.unit(c)).map(|u| u.name.clone())
    }

    fn cats(&self) -> std::sync::RwLockReadGuard<'_, Categories> {
        // A poisoned lock only means a writer panicked between two plain
        // assignments; the data is whole.
        self.categories.read().unwrap_or_else(|p| p.into_inner())
    }

    /// Every category, by name.
    pub fn categories(&self) -> Vec<Category> {
        self.cats().list.clone()
    }

    pub fn category(&self, code: &str) -> Option<Category> {
        let c = self.cats();
        c.ix.get(code).map(|&i| c.list[i].clone())
    }

    /// Replaces a category's figures after an administrator's edit.
    /// Adds a category (kept in name order).
    pub fn add_category(&self, new: Category) {
        let mut c = self.categories.write().unwrap_or_else(|p| p.into_inner());
        c.list.push(new);
        c.list.sort_by(|a, b| a.name.cmp(&b.name));
        c.ix = index(&c.list, |c| &c.code);
    }

    pub fn replace_category(&self, updated: Category) {
        let mut c = self.categories.write().unwrap_or_else(|p| p.into_inner());
        if let Some(&i) = c.ix.get(&updated.code) {
            c.list[i] = updated;
        }
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
        self.cats().ix.contains_key(code)
    }
    fn unit_level(&self, code: &str) -> Option<UnitLevel> {
        self.unit(code).map(|u| u.level)
    }
}

impl crm_domain::stats::Lookup for RefData {
    fn unit_name(&self, code: &str) -> String {
        self.unit(code)
            .map_or_else(|| code.to_string(), |u| u.name.clone())
    }

    fn agency_of(&self, code: &str) -> Option<String> {
        let mut at = self.unit(code);
        while let Some(u) = at {
            if u.level == crm_domain::UnitLevel::Dinas {
                return Some(u.code.clone());
            }
            at = u.parent_code.as_deref().and_then(|p| self.unit(p));
        }
        None
    }

    fn category_name(&self, code: &str) -> String {
        RefData::category_name(self, code)
    }

    fn channel_name(&self, code: &str) -> String {
        self.channel(code)
            .map_or_else(|| code.to_string(), |c| c.name.clone())
    }
}
