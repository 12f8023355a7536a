//! The reference data held in memory: channels, read once at start, and
//! units (with their tree) and categories, which an administrator may add
//! and edit (the in-memory copy is replaced together with the database
//! row, and the other servers told: `cluster.rs`), and the administrator's
//! settings with every earlier version.

use crate::cluster::{Relay, Signal};
use crm_domain::api::{Category, Channel, SettingsVersion, Unit};
use crm_domain::intake::Lookups;
use crm_domain::settings::{Settings, Versions};
use crm_domain::sla::Schedule;
use crm_domain::tkd::ReportHistory;
use crm_domain::unit::UnitNode;
use crm_domain::{Bands, ChannelKind, UnitLevel, UnitTree};
use std::collections::HashMap;
use std::sync::{Arc, RwLock, RwLockReadGuard};

/// The categories and their index.
#[derive(Default)]
struct Categories {
    list: Vec<Category>,
    ix: HashMap<String, usize>,
}

/// The units, their tree and their index.
#[derive(Default)]
pub struct Units {
    tree: UnitTree,
    list: Vec<Unit>,
    ix: HashMap<String, usize>,
}

impl Units {
    fn new(mut list: Vec<Unit>) -> Units {
        list.sort_by(|a, b| a.code.cmp(&b.code));
        let tree = UnitTree::new(list.iter().map(|u| UnitNode {
            code: u.code.clone(),
            parent_code: u.parent_code.clone(),
            level: u.level,
            name: u.name.clone(),
        }));
        Units {
            tree,
            ix: index(&list, |u| &u.code),
            list,
        }
    }
}

/// The unit tree as it stands, held for one statement or computation.
pub struct TreeRef<'a>(RwLockReadGuard<'a, Units>);

impl std::ops::Deref for TreeRef<'_> {
    type Target = UnitTree;
    fn deref(&self) -> &UnitTree {
        &self.0.tree
    }
}

/// Every unit as it stands, by code.
pub struct UnitsRef<'a>(RwLockReadGuard<'a, Units>);

impl std::ops::Deref for UnitsRef<'_> {
    type Target = [Unit];
    fn deref(&self) -> &[Unit] {
        &self.0.list
    }
}

/// The settings as stored, and as the rules read them.
#[derive(Default)]
struct SettingsBook {
    list: Arc<[SettingsVersion]>,
    versions: Arc<Versions>,
}

impl SettingsBook {
    fn new(list: Vec<SettingsVersion>) -> SettingsBook {
        SettingsBook {
            versions: Arc::new(crate::db::settings::versions(&list)),
            list: list.into(),
        }
    }
}

/// Units, categories, channels and settings, indexed.
pub struct RefData {
    units: RwLock<Units>,
    categories: RwLock<Categories>,
    settings: RwLock<SettingsBook>,
    pub channels: Vec<Channel>,
    chan_ix: HashMap<String, usize>,
    relay: Relay,
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
        RefData {
            units: RwLock::new(Units::new(units)),
            categories: RwLock::new(Categories {
                ix: index(&categories, |c| &c.code),
                list: categories,
            }),
            settings: RwLock::default(),
            chan_ix: index(&channels, |c| &c.code),
            channels,
            relay: Relay::default(),
        }
    }

    /// The same, with the settings as stored.
    pub fn with_settings(self, list: Vec<SettingsVersion>) -> Self {
        *self.settings.write().unwrap_or_else(|p| p.into_inner()) = SettingsBook::new(list);
        self
    }

    fn book(&self) -> RwLockReadGuard<'_, SettingsBook> {
        // Written with one assignment: a poisoned lock still holds a whole
        // book.
        self.settings.read().unwrap_or_else(|p| p.into_inner())
    }

    /// Every version of the settings, as the rules read them.
    pub fn rules(&self) -> Arc<Versions> {
        self.book().versions.clone()
    }

    /// The settings in force now.
    pub fn settings(&self) -> Settings {
        self.book().versions.current().clone()
    }

    /// Every version of the settings, oldest first, as stored.
    pub fn settings_versions(&self) -> Arc<[SettingsVersion]> {
        self.book().list.clone()
    }

    /// Adds a version an administrator just wrote.
    pub fn add_settings(&self, v: SettingsVersion) {
        {
            let mut b = self.settings.write().unwrap_or_else(|p| p.into_inner());
            let mut list = b.list.to_vec();
            list.push(v);
            *b = SettingsBook::new(list);
        }
        self.relay.tell(Signal::Reference);
    }

    fn read_units(&self) -> RwLockReadGuard<'_, Units> {
        // A poisoned lock only means a writer panicked while rebuilding;
        // the old index is whole.
        self.units.read().unwrap_or_else(|p| p.into_inner())
    }

    /// The unit tree (do not hold it across an `.await`).
    pub fn tree(&self) -> TreeRef<'_> {
        TreeRef(self.read_units())
    }

    /// Every unit, by code (do not hold it across an `.await`).
    pub fn units(&self) -> UnitsRef<'_> {
        UnitsRef(self.read_units())
    }

    pub fn unit(&self, code: &str) -> Option<Unit> {
        let u = self.read_units();
        u.ix.get(code).map(|&i| u.list[i].clone())
    }

    /// Adds a unit, or replaces the one with its code; the tree is rebuilt.
    pub fn put_unit(&self, unit: Unit) {
        let mut u = self.units.write().unwrap_or_else(|p| p.into_inner());
        let mut list = std::mem::take(&mut u.list);
        match list.iter_mut().find(|x| x.code == unit.code) {
            Some(x) => *x = unit,
            None => list.push(unit),
        }
        *u = Units::new(list);
        drop(u);
        self.relay.tell(Signal::Reference);
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

    /// How a report's schedule follows from its history under the settings
    /// in force now and its category's bands (`crate::db::schedule`).
    pub fn reckon(&self) -> impl Fn(&ReportHistory) -> Option<Schedule> + '_ {
        self.reckon_with(self.settings(), None)
    }

    /// As [`RefData::reckon`], under `settings` and with one category's
    /// bands replaced: what is about to take force.
    pub fn reckon_with(
        &self,
        settings: Settings,
        changed: Option<(String, Bands)>,
    ) -> impl Fn(&ReportHistory) -> Option<Schedule> + '_ {
        move |h| {
            let bands = match &changed {
                Some((code, bands)) if *code == h.category => *bands,
                _ => self.category(&h.category)?.bands,
            };
            crm_domain::sla::schedule(h, bands, &settings)
        }
    }

    /// Adds a category (kept in name order).
    pub fn add_category(&self, new: Category) {
        {
            let mut c = self.categories.write().unwrap_or_else(|p| p.into_inner());
            c.list.push(new);
            c.list.sort_by(|a, b| a.name.cmp(&b.name));
            c.ix = index(&c.list, |c| &c.code);
        }
        self.relay.tell(Signal::Reference);
    }

    /// Replaces a category's figures after an administrator's edit.
    pub fn replace_category(&self, updated: Category) {
        {
            let mut c = self.categories.write().unwrap_or_else(|p| p.into_inner());
            if let Some(&i) = c.ix.get(&updated.code) {
                c.list[i] = updated;
            }
        }
        self.relay.tell(Signal::Reference);
    }

    /// Takes the units, categories and settings as stored (another server
    /// changed them).
    pub fn reload(
        &self,
        units: Vec<Unit>,
        mut categories: Vec<Category>,
        settings: Vec<SettingsVersion>,
    ) {
        *self.settings.write().unwrap_or_else(|p| p.into_inner()) = SettingsBook::new(settings);
        *self.units.write().unwrap_or_else(|p| p.into_inner()) = Units::new(units);
        categories.sort_by(|a, b| a.name.cmp(&b.name));
        *self.categories.write().unwrap_or_else(|p| p.into_inner()) = Categories {
            ix: index(&categories, |c| &c.code),
            list: categories,
        };
    }

    /// The same, telling the other servers when units or categories change.
    pub fn relayed(self, relay: Relay) -> Self {
        RefData { relay, ..self }
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
    fn records_start(&self) -> chrono::DateTime<chrono::Utc> {
        self.book().versions.current().records_start_at()
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
