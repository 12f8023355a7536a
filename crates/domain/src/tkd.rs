//! A period's TKD scores computed from the reports' histories "as of" a
//! moment: each history is replayed to the state it had at the cut-off (or
//! at `as_of`, if earlier), the period each report counts in is decided by
//! the rules of [`crate::period`], and the units of the requested level are
//! scored with [`crate::score`] (directly for kelurahan and sudin, by
//! report-weighted aggregation for the units above them).
//!
//! Most reports of a period need no replay: a report with no action after
//! the moment it is counted at stands then as its row stands now
//! ([`Settled`]), so only the others are read with their histories
//! ([`Counting`]).

use crate::lifecycle::ActionKind;
use crate::period::{complete_by, counting_period, standing, Period, ReportAt, Standing};
use crate::score::{self, aggregate, Counted, Part, UnitReports, UnitScore};
use crate::settings::{Scoring, Versions};
use crate::{Bands, ReportStatus, UnitLevel, UnitTree};
use chrono::{DateTime, Utc};
use std::collections::{BTreeMap, HashMap};

/// One history entry, as the score needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct Fact {
    pub at: DateTime<Utc>,
    pub kind: ActionKind,
    /// The report's status after the entry.
    pub status: ReportStatus,
    /// The unit of the entry (for the arrival: the receiving unit).
    pub unit: Option<String>,
    /// For a hand-over: the receiving unit.
    pub to_unit: Option<String>,
    /// For a correction of the category: the category before it.
    pub category_before: Option<String>,
}

/// A report with its history.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportHistory {
    pub number: i64,
    pub received_at: DateTime<Utc>,
    pub category: String,
    /// The estimate date, if one was ever set (it is set once).
    pub estimate: Option<DateTime<Utc>>,
    /// Oldest first.
    pub facts: Vec<Fact>,
}

impl ReportHistory {
    /// The category the report had at `t`: the one a correction after `t`
    /// replaced, or the current one.
    pub fn category_at(&self, t: DateTime<Utc>) -> &str {
        self.facts
            .iter()
            .find(|f| f.at > t && f.kind == ActionKind::Correct && f.category_before.is_some())
            .and_then(|f| f.category_before.as_deref())
            .unwrap_or(&self.category)
    }
}

/// A report read without its history: the state its row holds, which was
/// its state at every moment since its last change.
#[derive(Debug, Clone, PartialEq)]
pub struct Settled {
    pub number: i64,
    pub received_at: DateTime<Utc>,
    pub category: String,
    pub holder: Option<String>,
    pub status: ReportStatus,
    pub completed_at: Option<DateTime<Utc>>,
    /// When a verifier approved the completion.
    pub verified_at: Option<DateTime<Utc>>,
    pub estimate: Option<DateTime<Utc>>,
    /// The time of its newest history entry.
    pub last_change: DateTime<Utc>,
}

impl Settled {
    /// Whether the row tells the report's state at `t` as a replay of its
    /// history would: nothing changed after `t`, and it is not done without
    /// a completion (closed by the Monitoring Room, or imported so), which
    /// only the history tells apart.
    pub fn tells_state_at(&self, t: DateTime<Utc>) -> bool {
        self.last_change <= t
            && !(self.status == ReportStatus::Selesai && self.completed_at.is_none())
    }

    fn snapshot(&self) -> Snapshot<'_> {
        Snapshot {
            holder: self.holder.as_deref(),
            in_transit: self.status == ReportStatus::Disposisi,
            completed_at: self.completed_at,
            approved_at: self.verified_at,
            estimate: self.estimate,
            closed: false,
        }
    }
}

/// The reports a period's score reads: those whose rows tell their state at
/// the moment they are counted at, and the others with their histories.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Counting {
    pub settled: Vec<Settled>,
    pub histories: Vec<ReportHistory>,
}

impl Counting {
    /// How many reports were read.
    pub fn len(&self) -> usize {
        self.settled.len() + self.histories.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The moment the reports of period `p` are counted at, as of `as_of`: its
/// cut-off, or `as_of` if earlier. A report whose row
/// [tells its state](Settled::tells_state_at) then needs no replay.
pub fn counted_at(p: Period, as_of: DateTime<Utc>, rules: &Versions) -> DateTime<Utc> {
    rules.cutoff(p).min(as_of)
}

/// The report's state at a moment, borrowing from its history.
struct Snapshot<'a> {
    holder: Option<&'a str>,
    in_transit: bool,
    completed_at: Option<DateTime<Utc>>,
    approved_at: Option<DateTime<Utc>>,
    estimate: Option<DateTime<Utc>>,
    /// Closed by the Monitoring Room without work (and not reopened).
    closed: bool,
}

fn snapshot(r: &ReportHistory, t: DateTime<Utc>) -> Snapshot<'_> {
    let mut s = Snapshot {
        holder: None,
        in_transit: false,
        completed_at: None,
        approved_at: None,
        estimate: None,
        closed: false,
    };
    let mut status = ReportStatus::Menunggu;
    for f in r.facts.iter().take_while(|f| f.at <= t) {
        match f.kind {
            ActionKind::Arrive => s.holder = f.unit.as_deref(),
            ActionKind::Dispose => s.holder = f.to_unit.as_deref(),
            ActionKind::Complete => s.completed_at = Some(f.at),
            ActionKind::Approve => s.approved_at = Some(f.at),
            ActionKind::Reject => s.completed_at = None,
            ActionKind::Reopen => {
                s.completed_at = None;
                s.approved_at = None;
                s.closed = false;
            }
            ActionKind::Close => {
                s.completed_at = None;
                s.approved_at = None;
                s.closed = true;
            }
            ActionKind::SetEstimate => s.estimate = r.estimate,
            _ => {}
        }
        status = f.status;
    }
    s.in_transit = status == ReportStatus::Disposisi;
    s
}

/// The report's state as its history stood at `t`.
pub fn replay(r: &ReportHistory, t: DateTime<Utc>) -> ReportAt {
    let s = snapshot(r, t);
    ReportAt {
        received_at: r.received_at,
        holder: s.holder.map(str::to_string),
        in_transit: s.in_transit,
        completed_at: s.completed_at,
        approved_at: s.approved_at,
        estimate: s.estimate,
    }
}

/// What counting the reports of period `p` as of `as_of` needs of the
/// rules, worked out once for all of them rather than for each report.
#[derive(Debug, Clone, Copy)]
struct Moment {
    p: Period,
    as_of: DateTime<Utc>,
    /// The period's cut-off.
    cutoff: DateTime<Utc>,
    /// The moment its reports are counted at ([`counted_at`]).
    at: DateTime<Utc>,
    /// Whether a completion needs a verifier's approval to count.
    verification: bool,
}

impl Moment {
    fn new(p: Period, as_of: DateTime<Utc>, rules: &Versions) -> Self {
        let cutoff = rules.cutoff(p);
        Moment {
            p,
            as_of,
            cutoff,
            at: counted_at(p, as_of, rules),
            verification: rules.for_period(p).verification,
        }
    }
}

/// Where and how a report counts in period `p`, as of `as_of`.
pub fn standing_in(
    p: Period,
    r: &ReportHistory,
    as_of: DateTime<Utc>,
    rules: &Versions,
) -> Option<Standing> {
    standing_at(&Moment::new(p, as_of, rules), r, rules)
}

/// [`standing_in`] at a moment worked out before.
fn standing_at(m: &Moment, r: &ReportHistory, rules: &Versions) -> Option<Standing> {
    let (p, as_of) = (m.p, m.as_of);
    if r.received_at > as_of {
        return None;
    }
    // A report the Monitoring Room closed without work counts for no unit
    // in any period (until it is reopened).
    if r.facts.iter().any(|f| f.kind == ActionKind::Close) && snapshot(r, as_of).closed {
        return None;
    }
    let own = Period::of(r.received_at);
    if own > p {
        return None;
    }
    if own == p {
        // The common case, with one replay.
        return own_standing(m, r.received_at, &snapshot(r, m.at), rules);
    }
    let counted_in = counting_period(rules, r.received_at, as_of, |q| {
        replay(r, rules.cutoff(q).min(as_of))
    });
    if counted_in != p {
        return None;
    }
    standing(m.cutoff, &replay(r, m.at), m.verification)
}

/// Where a report of period `p` counts, from its state `s` at the moment it
/// is counted at: it stays in its own period unless, at a cut-off already
/// passed, its estimate lies beyond the cut-off or no unit had taken it on.
fn own_standing(
    m: &Moment,
    received_at: DateTime<Utc>,
    s: &Snapshot,
    rules: &Versions,
) -> Option<Standing> {
    let cutoff = m.cutoff;
    if cutoff <= m.as_of {
        let moved_by_estimate = s.estimate.is_some_and(|e| e > cutoff)
            && rules.first_with_cutoff_after(s.estimate.unwrap_or(cutoff)) > m.p;
        if moved_by_estimate || s.holder.is_none() || s.in_transit {
            return None;
        }
    }
    if s.in_transit {
        return None;
    }
    let unit = s.holder?.to_string();
    let done = complete_by(cutoff, s.completed_at, s.approved_at, m.verification);
    let completion_hours = s
        .completed_at
        .filter(|_| done)
        .map(|c| crate::time::hours_between(received_at, c));
    Some(Standing::Counted {
        unit,
        completion_hours,
    })
}

/// Where a settled report of period `p` counts as of `as_of`; `None` also
/// when its row does not [tell its state](Settled::tells_state_at) then
/// (the reader should have read its history).
pub fn settled_standing(
    p: Period,
    r: &Settled,
    as_of: DateTime<Utc>,
    rules: &Versions,
) -> Option<Standing> {
    settled_at(&Moment::new(p, as_of, rules), r, rules)
}

/// [`settled_standing`] at a moment worked out before.
fn settled_at(m: &Moment, r: &Settled, rules: &Versions) -> Option<Standing> {
    if r.received_at > m.as_of || Period::of(r.received_at) != m.p || !r.tells_state_at(m.at) {
        return None;
    }
    own_standing(m, r.received_at, &r.snapshot(), rules)
}

/// What each category contributes: its bands and weight.
pub type CategoryTable = HashMap<String, (Bands, f64)>;

/// A scored unit of the requested level.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub unit: String,
    pub score: UnitScore,
}

/// The peer group of a unit level (units are compared with their own kind).
fn scored_directly(level: UnitLevel) -> bool {
    matches!(level, UnitLevel::Kelurahan | UnitLevel::Sudin)
}

/// One report's part in a period: where it counts and what it brings.
#[derive(Debug, Clone, PartialEq)]
pub struct Contribution {
    pub number: i64,
    pub unit: String,
    pub category: String,
    /// Hours to completion, when complete for the period.
    pub completion_hours: Option<f64>,
    /// The band score of those hours (100/80/60/40), when complete.
    pub band_score: Option<f64>,
    /// The category weight it adds, when complete (0 otherwise).
    pub weight: f64,
}

/// A counted report's contribution.
fn contribution(
    number: i64,
    standing: Standing,
    category: &str,
    categories: &CategoryTable,
) -> Option<Contribution> {
    let Standing::Counted {
        unit,
        completion_hours,
    } = standing
    else {
        return None;
    };
    let (bands, weight) = categories
        .get(category)
        .copied()
        .unwrap_or((Bands::DEFAULT, 0.0));
    Some(Contribution {
        number,
        unit,
        category: category.to_string(),
        completion_hours,
        band_score: completion_hours.map(|h| bands.score(h)),
        weight: if completion_hours.is_some() {
            weight
        } else {
            0.0
        },
    })
}

/// Counts the reports of period `p` as of `as_of` one at a time, with what
/// the rules say of the period worked out once: a reader may count each
/// report as it reads it, and hold only what counts.
pub struct Tally<'a> {
    m: Moment,
    rules: &'a Versions,
    categories: &'a CategoryTable,
}

impl<'a> Tally<'a> {
    pub fn new(
        p: Period,
        as_of: DateTime<Utc>,
        rules: &'a Versions,
        categories: &'a CategoryTable,
    ) -> Self {
        Tally {
            m: Moment::new(p, as_of, rules),
            rules,
            categories,
        }
    }

    /// The contribution of a report read with its history, if it counts.
    pub fn replayed(&self, r: &ReportHistory) -> Option<Contribution> {
        let standing = standing_at(&self.m, r, self.rules)?;
        contribution(
            r.number,
            standing,
            r.category_at(self.m.at),
            self.categories,
        )
    }

    /// The contribution of a report read from its row, if it counts; the
    /// reader should read it with its history when its row does not
    /// [tell its state](Settled::tells_state_at) at the moment it is
    /// counted at (it counts nowhere here then).
    pub fn settled(&self, r: &Settled) -> Option<Contribution> {
        let standing = settled_at(&self.m, r, self.rules)?;
        contribution(r.number, standing, &r.category, self.categories)
    }
}

/// Every report counted in period `p` as of `as_of`, with its contribution.
pub fn contributions(
    p: Period,
    as_of: DateTime<Utc>,
    rules: &Versions,
    reports: &[ReportHistory],
    categories: &CategoryTable,
) -> Vec<Contribution> {
    let tally = Tally::new(p, as_of, rules, categories);
    reports.iter().filter_map(|r| tally.replayed(r)).collect()
}

/// Every report of `reports` counted in period `p` as of `as_of`, with its
/// contribution, by number: the same as [`contributions`] over all their
/// histories.
pub fn counted(
    p: Period,
    as_of: DateTime<Utc>,
    rules: &Versions,
    reports: &Counting,
    categories: &CategoryTable,
) -> Vec<Contribution> {
    let tally = Tally::new(p, as_of, rules, categories);
    let mut out: Vec<Contribution> = reports
        .histories
        .iter()
        .filter_map(|r| tally.replayed(r))
        .collect();
    out.extend(reports.settled.iter().filter_map(|r| tally.settled(r)));
    out.sort_unstable_by_key(|c| c.number);
    out
}

/// Computes the scores of every unit of `level` for period `p` as of
/// `as_of`, best first. Units with no report have no row.
pub fn period_scores(
    p: Period,
    as_of: DateTime<Utc>,
    rules: &Versions,
    reports: &[ReportHistory],
    tree: &UnitTree,
    categories: &CategoryTable,
    level: UnitLevel,
) -> Vec<Row> {
    let counted = contributions(p, as_of, rules, reports, categories);
    let scoring = rules.for_period(p).scoring();
    scores_from(&counted, tree, categories, level, &scoring)
}

/// The scores of a level from the period's contributions, graded with the
/// period's edges.
pub fn scores_from(
    counted: &[Contribution],
    tree: &UnitTree,
    categories: &CategoryTable,
    level: UnitLevel,
    scoring: &Scoring,
) -> Vec<Row> {
    scores_at(counted, tree, categories, &[level], scoring)
        .pop()
        .unwrap_or_default()
}

/// The scores of each of `levels` ([`scores_from`]), in that order: the
/// units' own scores, which every level is made of, are worked out once.
pub fn scores_at(
    counted: &[Contribution],
    tree: &UnitTree,
    categories: &CategoryTable,
    levels: &[UnitLevel],
    scoring: &Scoring,
) -> Vec<Vec<Row>> {
    // Direct scores, each unit against the units of its own level.
    let direct = unit_reports(counted, tree, categories, None);
    let scored: HashMap<String, UnitScore> = score::score_all(&direct, scoring)
        .into_iter()
        .map(|s| (s.unit.clone(), s))
        .collect();
    levels
        .iter()
        .map(|&level| board_of(&scored, tree, level, scoring))
        .collect()
}

/// The rows of `level`, best first, from the units' own scores.
fn board_of(
    scored: &HashMap<String, UnitScore>,
    tree: &UnitTree,
    level: UnitLevel,
    scoring: &Scoring,
) -> Vec<Row> {
    let mut rows: Vec<Row> = tree
        .of_level(level)
        .into_iter()
        .filter_map(|n| {
            let s = if scored_directly(level) {
                scored.get(&n.code).cloned()
            } else {
                rolled_up(&n.code, tree, scored, scoring)
            }?;
            Some(Row {
                unit: n.code.clone(),
                score: s,
            })
        })
        .collect();
    rows.sort_by(|a, b| {
        b.score
            .final_score
            .total_cmp(&a.score.final_score)
            .then_with(|| a.unit.cmp(&b.unit))
    });
    rows
}

/// The score of a unit above others: its children's (recursively) and its
/// own, weighted by report counts. Every figure is the weighted mean of the
/// parts' figures except the counts, which are summed; the grade follows
/// the final score.
fn rolled_up(
    code: &str,
    tree: &UnitTree,
    scored: &HashMap<String, UnitScore>,
    scoring: &Scoring,
) -> Option<UnitScore> {
    let mut parts: Vec<UnitScore> = Vec::new();
    if let Some(own) = scored.get(code) {
        parts.push(own.clone());
    }
    for child in tree.children(code) {
        let child_score = match tree.get(child).map(|n| n.level) {
            Some(l) if scored_directly(l) => scored.get(child).cloned(),
            _ => rolled_up(child, tree, scored, scoring),
        };
        parts.extend(child_score);
    }
    let weights: Vec<Part> = parts
        .iter()
        .map(|s| Part {
            final_score: s.final_score,
            reports: s.total,
        })
        .collect();
    let (final_score, total) = aggregate(&weights)?;
    let mean = |f: fn(&UnitScore) -> f64| {
        parts.iter().map(|s| f(s) * s.total as f64).sum::<f64>() / total as f64
    };
    Some(UnitScore {
        unit: code.to_string(),
        total,
        complete: parts.iter().map(|s| s.complete).sum(),
        completion: mean(|s| s.completion),
        follow_up_time: mean(|s| s.follow_up_time),
        category_weight: mean(|s| s.category_weight),
        effort: mean(|s| s.effort),
        obtained: mean(|s| s.obtained),
        maximum: mean(|s| s.maximum),
        final_score,
        grade: scoring.grades.grade(final_score),
    })
}

/// Why a unit scored what it did in a period.
#[derive(Debug, Clone, PartialEq)]
pub struct Explanation {
    /// The unit's score; `None` when it had no report.
    pub score: Option<UnitScore>,
    /// For units scored directly: the peers' smallest, median and largest
    /// complete counts, and how many peers there were.
    pub peers: Option<(score::Peers, usize)>,
    /// The reports counted for the unit itself.
    pub reports: Vec<Contribution>,
    /// For units above others: the scored units directly below.
    pub children: Vec<Row>,
    /// The final score had one more of its open reports been completed
    /// within its first band.
    pub if_one_more_completed: Option<f64>,
    /// The final score had every complete report been completed within its
    /// first band.
    pub if_all_within_first_band: Option<f64>,
}

/// The counted reports by holding unit, each unit in the peer group of its
/// level; only the units of `level` when one is given.
fn unit_reports(
    counted: &[Contribution],
    tree: &UnitTree,
    categories: &CategoryTable,
    level: Option<UnitLevel>,
) -> Vec<UnitReports> {
    let mut by_unit: BTreeMap<&str, Vec<Counted>> = BTreeMap::new();
    for c in counted {
        let unit_level = tree.get(&c.unit).map(|n| n.level);
        if level.is_some() && unit_level != level {
            continue;
        }
        let (bands, weight) = categories
            .get(&c.category)
            .copied()
            .unwrap_or((Bands::DEFAULT, 0.0));
        by_unit.entry(&c.unit).or_default().push(Counted {
            completion_hours: c.completion_hours,
            bands,
            weight,
        });
    }
    by_unit
        .into_iter()
        .map(|(unit, reports)| UnitReports {
            peer_group: tree
                .get(unit)
                .map(|n| n.level.as_str().to_string())
                .unwrap_or_default(),
            unit: unit.to_string(),
            reports,
        })
        .collect()
}

fn final_of(group: &[UnitReports], unit: &str, scoring: &Scoring) -> Option<f64> {
    score::score_all(group, scoring)
        .into_iter()
        .find(|s| s.unit == unit)
        .map(|s| s.final_score)
}

/// Explains `unit`'s score from the period's contributions.
pub fn explain(
    unit: &str,
    counted: &[Contribution],
    tree: &UnitTree,
    categories: &CategoryTable,
    scoring: &Scoring,
) -> Explanation {
    let Some(level) = tree.get(unit).map(|n| n.level) else {
        return Explanation {
            score: None,
            peers: None,
            reports: Vec::new(),
            children: Vec::new(),
            if_one_more_completed: None,
            if_all_within_first_band: None,
        };
    };
    let mut reports: Vec<Contribution> =
        counted.iter().filter(|c| c.unit == unit).cloned().collect();
    reports.sort_by_key(|c| c.number);
    if !scored_directly(level) {
        let child_rows: Vec<Row> = tree
            .children(unit)
            .iter()
            .filter_map(|c| tree.get(c))
            .flat_map(|n| {
                scores_from(counted, tree, categories, n.level, scoring)
                    .into_iter()
                    .filter(|r| r.unit == n.code)
            })
            .collect();
        let score = scores_from(counted, tree, categories, level, scoring)
            .into_iter()
            .find(|r| r.unit == unit)
            .map(|r| r.score);
        return Explanation {
            score,
            peers: None,
            reports,
            children: child_rows,
            if_one_more_completed: None,
            if_all_within_first_band: None,
        };
    }
    let group = unit_reports(counted, tree, categories, Some(level));
    let counts: Vec<usize> = group
        .iter()
        .map(|u| {
            u.reports
                .iter()
                .filter(|r| r.completion_hours.is_some())
                .count()
        })
        .collect();
    let peers = (!counts.is_empty()).then(|| (score::Peers::of(&counts), counts.len()));
    let score = score::score_all(&group, scoring)
        .into_iter()
        .find(|s| s.unit == unit);
    let what_if = |change: &dyn Fn(&mut Vec<Counted>) -> bool| {
        let mut g = group.clone();
        let mine = g.iter_mut().find(|u| u.unit == unit)?;
        change(&mut mine.reports)
            .then(|| final_of(&g, unit, scoring))
            .flatten()
    };
    let if_one_more_completed = what_if(&|rs: &mut Vec<Counted>| match rs
        .iter_mut()
        .find(|r| r.completion_hours.is_none())
    {
        Some(r) => {
            r.completion_hours = Some(0.0);
            true
        }
        None => false,
    });
    let if_all_within_first_band = what_if(&|rs: &mut Vec<Counted>| {
        let mut any = false;
        for r in rs.iter_mut().filter(|r| r.completion_hours.is_some()) {
            r.completion_hours = Some(0.0);
            any = true;
        }
        any
    });
    Explanation {
        score,
        peers,
        reports,
        children: Vec::new(),
        if_one_more_completed,
        if_all_within_first_band,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::Settings;

    fn rules(verification: bool) -> Versions {
        Versions::only(Settings {
            verification,
            ..Settings::default()
        })
    }
    use crate::time::from_wib;
    use crate::unit::UnitNode;
    use chrono::NaiveDateTime;

    fn wib(s: &str) -> DateTime<Utc> {
        from_wib(NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").expect("t")).expect("wib")
    }

    fn fact(at: &str, kind: ActionKind, status: ReportStatus, unit: &str) -> Fact {
        Fact {
            at: wib(at),
            kind,
            status,
            unit: Some(unit.into()),
            to_unit: None,
            category_before: None,
        }
    }

    const K1: &str = "31.71.01.1001";
    const K2: &str = "31.71.01.1002";
    const KEC: &str = "31.71.01";
    const SUDIN: &str = "DBM-3171";

    fn tree() -> UnitTree {
        let n = |code: &str, parent: Option<&str>, level| UnitNode {
            code: code.into(),
            parent_code: parent.map(Into::into),
            level,
            name: code.into(),
        };
        UnitTree::new([
            n("31", None, UnitLevel::Provinsi),
            n("31.71", Some("31"), UnitLevel::Kota),
            n(KEC, Some("31.71"), UnitLevel::Kecamatan),
            n(K1, Some(KEC), UnitLevel::Kelurahan),
            n(K2, Some(KEC), UnitLevel::Kelurahan),
            n("DBM", Some("31"), UnitLevel::Dinas),
            n(SUDIN, Some("DBM"), UnitLevel::Sudin),
        ])
    }

    fn cats() -> CategoryTable {
        HashMap::from([
            ("sampah".to_string(), (Bands::new(29.0, 45.0, 67.0), 1.5)),
            (
                "jalan-rusak".to_string(),
                (Bands::new(47.0, 72.0, 107.0), 4.0),
            ),
        ])
    }

    /// A report received at `unit`, completed after `hours` and approved an
    /// hour later (or still open).
    fn report(n: i64, unit: &str, received: &str, hours: Option<i64>) -> ReportHistory {
        let r = wib(received);
        let mut facts = vec![Fact {
            at: r,
            kind: ActionKind::Arrive,
            status: ReportStatus::Menunggu,
            unit: Some(unit.into()),
            to_unit: None,
            category_before: None,
        }];
        if let Some(h) = hours {
            let done = r + chrono::Duration::hours(h);
            facts.push(Fact {
                at: r + chrono::Duration::minutes(10),
                kind: ActionKind::TakeUp,
                status: ReportStatus::Proses,
                unit: Some(unit.into()),
                to_unit: None,
                category_before: None,
            });
            facts.push(Fact {
                at: done,
                kind: ActionKind::Complete,
                status: ReportStatus::Proses,
                unit: Some(unit.into()),
                to_unit: None,
                category_before: None,
            });
            facts.push(Fact {
                at: done + chrono::Duration::hours(1),
                kind: ActionKind::Approve,
                status: ReportStatus::Selesai,
                unit: Some(unit.into()),
                to_unit: None,
                category_before: None,
            });
        }
        ReportHistory {
            number: n,
            received_at: r,
            category: "sampah".into(),
            estimate: None,
            facts,
        }
    }

    fn june() -> Period {
        Period::new(2021, 6).expect("p")
    }

    #[test]
    fn a_hand_worked_month_of_two_kelurahan_and_their_kecamatan() {
        // K1: 3 reports, 2 complete in 10 h (100) and 50 h (60); K2: 1 report,
        // complete in 30 h (80). Peers (complete counts): 2 and 1 → a = 1,
        // m = 1.5, b = 2.
        let reports = vec![
            report(1, K1, "2021-06-01 08:00", Some(10)),
            report(2, K1, "2021-06-02 08:00", Some(50)),
            report(3, K1, "2021-06-03 08:00", None),
            report(4, K2, "2021-06-04 08:00", Some(30)),
        ];
        let as_of = wib("2021-07-20 00:00");
        let rows = period_scores(
            june(),
            as_of,
            &rules(true),
            &reports,
            &tree(),
            &cats(),
            UnitLevel::Kelurahan,
        );
        assert_eq!(rows.len(), 2);
        let k1 = &rows.iter().find(|r| r.unit == K1).expect("k1").score;
        let k2 = &rows.iter().find(|r| r.unit == K2).expect("k2").score;
        // K1: completion 66.67, time 80, weight 3, effort 100.
        let k1_obtained = 0.2 * (200.0 / 3.0) + 0.4 * 80.0 + 0.2 * 3.0 + 0.2 * 100.0;
        assert!((k1.obtained - k1_obtained).abs() < 1e-9);
        assert!((k1.final_score - k1_obtained / 80.6 * 100.0).abs() < 1e-9);
        // K2: completion 100, time 80, weight 1.5, effort 40.
        let k2_obtained = 20.0 + 32.0 + 0.3 + 8.0;
        assert!((k2.final_score - k2_obtained / 80.3 * 100.0).abs() < 1e-9);
        // The kecamatan: weighted by report counts 3 and 1.
        let kec = period_scores(
            june(),
            as_of,
            &rules(true),
            &reports,
            &tree(),
            &cats(),
            UnitLevel::Kecamatan,
        );
        assert_eq!(kec.len(), 1);
        let want = (k1.final_score * 3.0 + k2.final_score * 1.0) / 4.0;
        assert!((kec[0].score.final_score - want).abs() < 1e-9);
        assert_eq!((kec[0].score.total, kec[0].score.complete), (4, 3));
        // And the kota above it.
        let kota = period_scores(
            june(),
            as_of,
            &rules(true),
            &reports,
            &tree(),
            &cats(),
            UnitLevel::Kota,
        );
        assert!((kota[0].score.final_score - want).abs() < 1e-9);
    }

    #[test]
    fn as_of_reconstructs_the_score_at_a_past_moment() {
        let reports = vec![report(1, K1, "2021-06-01 08:00", Some(100))];
        // Completed 5 June 12:00, approved 13:00.
        let before = period_scores(
            june(),
            wib("2021-06-05 12:30"),
            &rules(true),
            &reports,
            &tree(),
            &cats(),
            UnitLevel::Kelurahan,
        );
        assert_eq!(before[0].score.complete, 0, "not approved yet at 12:30");
        let after = period_scores(
            june(),
            wib("2021-06-05 13:30"),
            &rules(true),
            &reports,
            &tree(),
            &cats(),
            UnitLevel::Kelurahan,
        );
        assert_eq!(after[0].score.complete, 1);
        // Before it arrived there was nothing to score.
        let none = period_scores(
            june(),
            wib("2021-06-01 07:00"),
            &rules(true),
            &reports,
            &tree(),
            &cats(),
            UnitLevel::Kelurahan,
        );
        assert!(none.is_empty());
    }

    #[test]
    fn a_report_handed_on_and_not_received_counts_next_month_for_the_new_holder() {
        let mut r = report(1, K1, "2021-06-30 20:00", None);
        r.facts.push(Fact {
            at: wib("2021-06-30 21:00"),
            kind: ActionKind::Dispose,
            status: ReportStatus::Disposisi,
            unit: Some(K1.into()),
            to_unit: Some(SUDIN.into()),
            category_before: None,
        });
        r.facts.push(fact(
            "2021-07-09 08:00",
            ActionKind::TakeUp,
            ReportStatus::Proses,
            SUDIN,
        ));
        let as_of = wib("2021-08-20 00:00");
        let june_rows = period_scores(
            june(),
            as_of,
            &rules(true),
            &[r.clone()],
            &tree(),
            &cats(),
            UnitLevel::Sudin,
        );
        assert!(june_rows.is_empty(), "held against no unit in June");
        let k = period_scores(
            june(),
            as_of,
            &rules(true),
            &[r.clone()],
            &tree(),
            &cats(),
            UnitLevel::Kelurahan,
        );
        assert!(k.is_empty());
        let july = Period::new(2021, 7).expect("p");
        let july_rows = period_scores(
            july,
            as_of,
            &rules(true),
            &[r],
            &tree(),
            &cats(),
            UnitLevel::Sudin,
        );
        assert_eq!(july_rows.len(), 1);
        assert_eq!(july_rows[0].unit, SUDIN);
        assert_eq!(july_rows[0].score.total, 1);
        // The dinas above the sudin takes its score.
        let dinas = period_scores(
            july,
            wib("2021-08-20 00:00"),
            &rules(true),
            &[],
            &tree(),
            &cats(),
            UnitLevel::Dinas,
        );
        assert!(dinas.is_empty());
    }

    #[test]
    fn an_estimate_moves_the_report_out_of_its_month() {
        let mut r = report(1, K1, "2021-06-15 09:00", Some(24));
        r.estimate = Some(wib("2021-07-10 00:00"));
        r.facts.insert(
            2,
            fact(
                "2021-06-15 10:00",
                ActionKind::SetEstimate,
                ReportStatus::Proses,
                K1,
            ),
        );
        let as_of = wib("2021-09-01 00:00");
        let june_rows = period_scores(
            june(),
            as_of,
            &rules(true),
            &[r.clone()],
            &tree(),
            &cats(),
            UnitLevel::Kelurahan,
        );
        assert!(june_rows.is_empty());
        let july = Period::new(2021, 7).expect("p");
        let rows = period_scores(
            july,
            as_of,
            &rules(true),
            &[r],
            &tree(),
            &cats(),
            UnitLevel::Kelurahan,
        );
        assert_eq!(
            rows[0].score.complete, 1,
            "counted in July, completed earlier"
        );
    }

    #[test]
    fn the_explanation_shows_the_reports_the_peers_and_what_would_help() {
        let reports = vec![
            report(1, K1, "2021-06-01 08:00", Some(10)),
            report(2, K1, "2021-06-02 08:00", Some(50)),
            report(3, K1, "2021-06-03 08:00", None),
            report(4, K2, "2021-06-04 08:00", Some(30)),
        ];
        let counted = contributions(
            june(),
            wib("2021-07-20 00:00"),
            &rules(true),
            &reports,
            &cats(),
        );
        let e = explain(K1, &counted, &tree(), &cats(), &Scoring::default());
        let s = e.score.clone().expect("scored");
        assert_eq!(e.reports.len(), 3);
        assert_eq!(e.reports[1].band_score, Some(60.0));
        let (peers, n) = e.peers.expect("peers");
        assert_eq!((peers.a, peers.m, peers.b, n), (1.0, 1.5, 2.0, 2));
        assert!(e.if_one_more_completed.expect("what if") > s.final_score);
        assert!(e.if_all_within_first_band.expect("what if") > s.final_score);
        let kec = explain(KEC, &counted, &tree(), &cats(), &Scoring::default());
        assert_eq!(kec.children.len(), 2);
        assert!(kec.reports.is_empty());
        assert!(kec.score.is_some());
        let none = explain("DBM", &counted, &tree(), &cats(), &Scoring::default());
        assert!(none.score.is_none());
    }

    #[test]
    fn a_reopened_report_is_open_again() {
        let mut r = report(1, K1, "2021-06-01 08:00", Some(5));
        r.facts.push(fact(
            "2021-06-03 08:00",
            ActionKind::Reopen,
            ReportStatus::Proses,
            K1,
        ));
        let rows = period_scores(
            june(),
            wib("2021-07-20 00:00"),
            &rules(true),
            &[r],
            &tree(),
            &cats(),
            UnitLevel::Kelurahan,
        );
        assert_eq!(rows[0].score.complete, 0);
    }

    #[test]
    fn a_closed_report_counts_nowhere_until_reopened() {
        let mut r = report(1, K1, "2021-06-10 08:00", None);
        r.facts.push(fact(
            "2021-06-10 09:00",
            ActionKind::Close,
            ReportStatus::Selesai,
            K1,
        ));
        let after = wib("2021-07-20 00:00");
        assert_eq!(standing_in(june(), &r, after, &rules(true)), None);
        assert!(
            standing_in(june(), &r, wib("2021-06-10 08:30"), &rules(true)).is_some(),
            "before the closure it counted"
        );
        r.facts.push(fact(
            "2021-06-11 09:00",
            ActionKind::Reopen,
            ReportStatus::Proses,
            K1,
        ));
        assert!(
            standing_in(june(), &r, after, &rules(true)).is_some(),
            "reopened"
        );
        assert!(contributions(june(), after, &rules(true), &[r], &cats()).len() == 1);
    }

    #[test]
    fn a_score_uses_the_category_at_the_cut_off() {
        let mut r = report(1, K1, "2021-06-10 08:00", Some(30));
        r.category = "jalan-rusak".into();
        let mut correction = fact(
            "2021-07-10 09:00",
            ActionKind::Correct,
            ReportStatus::Selesai,
            K1,
        );
        correction.category_before = Some("sampah".into());
        r.facts.push(correction);
        // June's cut-off lies before the correction: the old category.
        assert_eq!(r.category_at(rules(true).cutoff(june())), "sampah");
        assert_eq!(r.category_at(wib("2021-07-11 00:00")), "jalan-rusak");
        let c = contributions(june(), wib("2021-08-01 00:00"), &rules(true), &[r], &cats());
        assert_eq!(c[0].category, "sampah");
        assert_eq!(c[0].band_score, Some(80.0), "30 h in sampah's bands");
    }

    /// The row a report's history leaves (as the lifecycle writes it).
    fn row_of(r: &ReportHistory) -> Settled {
        let last = r.facts.last().expect("an arrival");
        let s = snapshot(r, last.at);
        Settled {
            number: r.number,
            received_at: r.received_at,
            category: r.category.clone(),
            holder: s.holder.map(str::to_string),
            status: last.status,
            completed_at: s.completed_at,
            verified_at: s.approved_at,
            estimate: s.estimate,
            last_change: last.at,
        }
    }

    #[test]
    fn a_settled_row_counts_as_its_history_does() {
        let mut moved = report(5, K1, "2021-06-20 09:00", Some(24));
        moved.estimate = Some(wib("2021-07-10 00:00"));
        moved.facts.insert(
            2,
            fact(
                "2021-06-20 10:00",
                ActionKind::SetEstimate,
                ReportStatus::Proses,
                K1,
            ),
        );
        let mut in_transit = report(6, K1, "2021-06-21 09:00", None);
        in_transit.facts.push(Fact {
            to_unit: Some(SUDIN.into()),
            ..fact(
                "2021-06-21 10:00",
                ActionKind::Dispose,
                ReportStatus::Disposisi,
                K1,
            )
        });
        let mut taken = in_transit.clone();
        taken.number = 7;
        taken.facts.push(fact(
            "2021-06-21 11:00",
            ActionKind::TakeUp,
            ReportStatus::Proses,
            SUDIN,
        ));
        let mut waiting_approval = report(8, K2, "2021-06-22 09:00", Some(3));
        waiting_approval.facts.pop();
        let histories = vec![
            report(1, K1, "2021-06-01 08:00", Some(10)),
            report(2, K1, "2021-06-02 08:00", Some(50)),
            report(3, K1, "2021-06-03 08:00", None),
            report(4, K2, "2021-06-04 08:00", Some(300)),
            moved,
            in_transit,
            taken,
            waiting_approval,
            report(9, K2, "2021-06-29 08:00", Some(60)),
        ];
        for verification in [true, false] {
            for as_of in ["2021-06-30 00:00", "2021-07-20 00:00"] {
                let as_of = wib(as_of);
                let rules = rules(verification);
                let at = counted_at(june(), as_of, &rules);
                let (settled, replayed): (Vec<Settled>, Vec<ReportHistory>) = (
                    histories
                        .iter()
                        .map(row_of)
                        .filter(|s| s.tells_state_at(at))
                        .collect(),
                    histories
                        .iter()
                        .filter(|h| !row_of(h).tells_state_at(at))
                        .cloned()
                        .collect(),
                );
                assert!(settled.len() >= 6, "most rows tell their state");
                if at < wib("2021-07-01 00:00") {
                    assert!(settled.len() < histories.len(), "one was changed after");
                }
                let split = Counting {
                    settled,
                    histories: replayed,
                };
                let mut whole = contributions(june(), as_of, &rules, &histories, &cats());
                whole.sort_by_key(|c| c.number);
                assert_eq!(counted(june(), as_of, &rules, &split, &cats()), whole);
            }
        }
    }

    #[test]
    fn a_row_changed_after_the_moment_or_closed_does_not_tell_its_state() {
        let r = row_of(&report(1, K1, "2021-06-01 08:00", Some(10)));
        let done = r.last_change;
        assert!(r.tells_state_at(done));
        assert!(!r.tells_state_at(done - chrono::Duration::seconds(1)));
        assert_eq!(
            settled_standing(
                june(),
                &r,
                done - chrono::Duration::seconds(1),
                &rules(true)
            ),
            None,
            "a row that does not tell its state is not counted from it"
        );
        let closed = Settled {
            completed_at: None,
            verified_at: None,
            ..r.clone()
        };
        assert!(!closed.tells_state_at(wib("2021-07-20 00:00")));
        let other_month = Settled {
            received_at: wib("2021-07-01 08:00"),
            ..r
        };
        assert_eq!(
            settled_standing(june(), &other_month, wib("2021-07-20 00:00"), &rules(true)),
            None
        );
    }
}
