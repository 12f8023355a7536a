//! Similar reports near a place ("laporan serupa di dekat sini"): the same
//! category within 200 m, open or done in the last 30 days, nearest first.
//! Shown on the office form as the officer types the coordinates, and on a
//! report's page, where a unit asks the Monitoring Room with one click to
//! close the report as a duplicate of one of them.

use crate::api;
use crate::i18n::use_i18n;
use crate::session::use_session;
use crm_domain::api::NearbyQuery;
use leptos::prelude::*;

/// The list for `place` (latitude, longitude, category); `current` is the
/// report whose page shows it (left out of the list, and the one a
/// duplicate request is about).
#[component]
pub fn SimilarReports(
    #[prop(into)] place: Signal<Option<(f64, f64, String)>>,
    #[prop(optional)] current: Option<i64>,
) -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let asked = RwSignal::new(None::<Result<i64, String>>);
    let found = LocalResource::new(move || {
        let token = session.token.get().unwrap_or_default();
        let place = place.get();
        async move {
            match place {
                Some((lat, lon, category)) if !category.is_empty() => {
                    let q = NearbyQuery {
                        lat,
                        lon,
                        category,
                        radius_m: None,
                    };
                    api::nearby(&token, &q).await.ok()
                }
                _ => None,
            }
        }
    });
    let ask = move |of: i64| {
        let (Some(token), Some(number)) = (session.token.get_untracked(), current) else {
            return;
        };
        leptos::task::spawn_local(async move {
            asked.set(Some(
                api::duplicate_request(&token, number, of)
                    .await
                    .map(|_| of)
                    .map_err(|e| e.detail),
            ));
        });
    };
    move || {
        found.get().flatten().map(|page| {
            let others: Vec<_> = page
                .items
                .into_iter()
                .filter(|i| Some(i.number) != current)
                .collect();
            view! {
                <section class="nearby" id="nearby">
                    <h3>{move || i18n.t("near.title")}</h3>
                    {if others.is_empty() {
                        view! { <p class="muted">{i18n.t("near.none")}</p> }.into_any()
                    } else {
                        view! {
                            <ul>
                                {others.into_iter().map(|i| {
                                    let of = i.number;
                                    view! {
                                        <li data-number=of.to_string()>
                                            <a href=format!("/laporan/{of}")>{format!("#{of}")}</a>
                                            {format!(" · {} · {} m", crate::messages::status_name(i18n.lang(), i.status), i.distance_m)}
                                            {i.description.map(|d| view! { <span class="muted">{format!(" · {d}")}</span> })}
                                            {current.map(|_| view! {
                                                " "<button type="button" class="link ask-duplicate" on:click=move |_| ask(of)>
                                                    {move || i18n.t("near.ask_duplicate")}
                                                </button>
                                            })}
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                    {move || asked.get().map(|r| match r {
                        Ok(of) => view! { <p class="notice success" id="duplicate-asked">{format!("{} #{of}", i18n.t("near.asked"))}</p> }.into_any(),
                        Err(d) => view! { <crate::widgets::ErrorNotice detail=d/> }.into_any(),
                    })}
                </section>
            }
        })
    }
}
