//! `/market` (browse and search), `/market/{id}` (a listing and its booking form),
//! `/market/orders/{ref}` (an order and its timeline, for both sides), `/me/orders`, and the
//! promotions strip on the home page (standard mode only, labelled 推广).
use crate::i18n::t;
use super::server::*;
use super::view::*;
use crate::components::{NotYours, SignInFirst, SignInPrompt};
use crate::components::{loaded, written_lang, FormBanner, Written};
use crate::forms::{error_of, use_form_state, FormState};
use crate::{i18n::use_strings, prefs::use_viewer};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

fn query(key: &'static str) -> impl Fn() -> Option<String> + Copy {
    let q = use_query_map();
    move || q.with(|q| q.get(key)).filter(|v| !v.is_empty())
}

fn stars(n: i64) -> String {
    format!("{}{}", "★".repeat(n.clamp(0, 5) as usize), "☆".repeat((5 - n).clamp(0, 5) as usize))
}

/// Vetting status, rating and completed orders: what a resident weighs before booking.
#[component]
pub fn Standing(card: ListingCard) -> impl IntoView {
    view! {
        <p class="meta">
            <span class=if card.vetted { "badge badge-ok" } else { "badge" }>{card.provider_status_label.clone()}</span>" "
            {match card.rating.clone() {
                Some(r) => format!("★ {r}（{} {}）", card.reviews, t("market-reviews")),
                None => t("market-no-reviews-yet").to_string(),
            }}
            {format!(" · {}{}{}", t("market-completed"), card.completed, t("market-orders"))}
        </p>
    }
}

#[component]
pub fn ListingCards(items: Vec<ListingCard>, #[prop(optional)] edit: bool) -> impl IntoView {
    if items.is_empty() {
        return view! { <p>{t("market-no-services-match")}</p> }.into_any();
    }
    view! {
        <ul class="cards market-list">
            {items.into_iter().map(|c| {
                let href = if edit { format!("/provider/listings/{}", c.id) } else { format!("/market/{}", c.id) };
                view! {
                    <li class="card listing-card">
                        {c.photo.clone().map(|p| view! { <img src=p alt="" width="96" height="96" loading="lazy" class="thumb"/> })}
                        <h2 lang=written_lang(&c.title)><a href=href>{c.title.clone()}</a></h2>
                        <p class="meta"><Written text=c.provider_name.clone()/>" · "<strong>{c.price.clone()}</strong>" · "{c.duration_minutes}{t("market-min")}
                            {(!c.active).then(|| view! { " · "<strong>{t("market-off-sale")}</strong> })}</p>
                        <Standing card=c.clone()/>
                        <p class="meta">{c.categories.join("、")}{(!c.suits.is_empty()).then(|| format!(" · {}{}", t("market-suits"), c.suits.join("、")))}</p>
                    </li>
                }
            }).collect_view()}
        </ul>
    }.into_any()
}

#[component]
pub fn MarketPage() -> impl IntoView {
    let (q, category, community) = (query("q"), query("category"), query("community"));
    let data = Resource::new(move || (q(), category(), community()), |(q, c, m)| load_market(q, c, m));
    view! {
        <Title text=t("market-local-services")/>
        <h1>{t("market-local-services")}</h1>
        <p class="lead">{t("market-housekeeping-repairs-meals-and-home-care")}</p>
        <p><a class="button" href="/me/orders">{t("market-my-bookings")}</a>" "<a class="button" href="/provider">{t("market-for-providers")}</a></p>
        <Suspense fallback=move || view! { <p>{use_strings().loading}</p> }>
            {move || Suspend::new(async move {
                let Ok(v) = data.await else { return crate::components::load_failed() };
                // Listings come first on a phone: the choices wait behind 筛选 unless one is in use.
                let chosen = !v.category.is_empty() || community().is_some_and(|c| !c.is_empty());
                view! {
                    <form method="get" action="/market" class="filters" role="search">
                        <label for="market-q" class="search-label">{t("market-search-pinyin-works-e-g-baojie")}</label>
                        <div class="search-row">
                            <input id="market-q" name="q" type="search" value=v.q.clone() maxlength="30"/>
                            <button type="submit" class="button primary">{t("market-find")}</button>
                        </div>
                        <details class="more-filters" open=chosen>
                        <summary>{t("catalogue-filter")}</summary>
                        <div class="field">
                            <label for="category">{t("market-category")}</label>
                            <select id="category" name="category">
                                <option value="">{t("market-all")}</option>
                                {v.categories.iter().map(|c| view! { <option value=c.code.clone() selected=c.code == v.category>{c.label.clone()}</option> }).collect_view()}
                            </select>
                        </div>
                        <div class="field">
                            <label for="community">{t("market-community")}</label>
                            <select id="community" name="community">
                                <option value="">{t("market-all-communities")}</option>
                                {v.communities.iter().map(|c| view! { <option value=c.code.clone() selected=c.code == v.community>{c.label.clone()}</option> }).collect_view()}
                            </select>
                        </div>
                        <button type="submit" class="button">{t("market-find")}</button>
                        </details>
                    </form>
                    {(!v.community_name.is_empty()).then(|| view! { <p class="hint">{t("market-serving")}{v.community_name.clone()}</p> })}
                    {(v.total > v.items.len()).then(|| view! {
                        <p class="hint">{format!("{}{}{}{}", t("market-text-2"), v.total, t("market-match-showing-the-first"), v.items.len())}{t("market-search-or-choose-a-category-to")}</p>
                    })}
                    <ListingCards items=v.items/>
                }.into_any()
            })}
        </Suspense>
    }
}

#[component]
pub fn ListingPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id")).and_then(|v| v.parse::<i64>().ok());
    let for_id = query("for");
    let who = query("who");
    let form = use_form_state();
    let data = Resource::new(move || (id(), for_id(), who()), |(id, f, who)| async move {
        match id {
            Some(id) => load_listing(id, f.and_then(|f| f.parse().ok()), who).await,
            None => Ok(None),
        }
    });
    view! { {loaded(data, not_yours, move |d| view! { <ListingBody d form=form.clone()/> }.into_any())} }
}

pub(super) fn not_yours() -> AnyView {
    view! { <NotYours/> }.into_any()
}

pub(super) fn sign_in_first() -> AnyView {
    view! { <SignInFirst/> }.into_any()
}

pub(super) use crate::components::nothing_here;

#[component]
fn ListingBody(d: ListingDetail, form: FormState) -> impl IntoView {
    let card = d.card.clone();
    let signed_in = use_viewer().user.is_some();
    view! {
        <Title text=card.title.clone()/>
        <h1 lang=written_lang(&card.title)>{card.title.clone()}</h1>
        <p class="lead"><Written text=card.provider_name.clone()/>" · "<strong>{card.price.clone()}</strong>" · "{card.duration_minutes}{t("market-min")}</p>
        <Standing card=card.clone()/>
        {(!d.photos.is_empty()).then(|| view! {
            <ul class="photos">
                {d.photos.iter().enumerate().map(|(i, p)| view! {
                    <li><a href=p.clone()><img src=format!("{p}/thumb") alt=format!("{} {}", t("market-photo"), i + 1) width="160" height="160" loading="lazy"/></a></li>
                }).collect_view()}
            </ul>
        })}
        <p class="prewrap" lang=written_lang(&d.description)>{d.description.clone()}</p>
        <dl class="facts pairs">
            <dt>{t("market-category")}</dt><dd>{card.categories.join("、")}</dd>
            {(!card.suits.is_empty()).then(|| view! { <dt>{t("market-suits-2")}</dt><dd>{card.suits.join("、")}</dd> })}
            <dt>{t("market-serves")}</dt><dd lang=written_lang(&d.areas)>{d.areas.clone()}</dd>
            <dt>{t("market-cancellation")}</dt>
            <dd>{if d.cancel_hours == 0 { t("market-free-cancellation-until-the-start").to_string() } else { format!("{}{}{}", t("market-free-cancellation-until"), d.cancel_hours, t("market-hours-before-the-start")) }}</dd>
            <dt>{t("market-payment-2")}</dt>
            <dd>{t("market-pay-at-the-door-after-the-2")}</dd>
        </dl>
        {d.is_owner.then(|| view! { <p class="banner">{t("market-this-is-your-listing")}" "<a href=format!("/provider/listings/{}", card.id)>{t("market-edit")}</a></p> })}
        {match d.booking.clone() {
            Some(b) => view! { <BookingForm id=card.id slots=d.slots.clone() b form=form.clone()/> }.into_any(),
            None if !signed_in => view! { <h2>{t("market-book")}</h2><SignInPrompt purpose="gate-sign-in-to-book"/> }.into_any(),
            None => ().into_any(),
        }}
        <h2>{t("market-recent-reviews")}</h2>
        {if d.reviews.is_empty() { view! { <p>{t("market-no-reviews-yet-2")}</p> }.into_any() } else { view! {
            <ul class="reviews">
                {d.reviews.iter().map(|r| view! {
                    <li class="card">
                        <p><span role="img" aria-label=format!("{} {}", r.stars, t("market-stars"))>{stars(r.stars)}</span>" "{r.resident.clone()}" · "{r.date.clone()}</p>
                        {(!r.body.is_empty()).then(|| view! { <p lang=written_lang(&r.body)>{r.body.clone()}</p> })}
                        {r.reply.clone().map(|x| view! { <p class="reply"><strong>{t("market-reply")}</strong>{x}</p> })}
                    </li>
                }).collect_view()}
            </ul>
        }.into_any() }}
    }
}

#[component]
fn BookingForm(id: i64, slots: Vec<SlotView>, b: BookingContext, form: FormState) -> impl IntoView {
    let (addr_e, addr_id, addr_bad) = error_of(&form, "address");
    let (phone_e, phone_id, phone_bad) = error_of(&form, "phone");
    let (note_e, note_id, note_bad) = error_of(&form, "note");
    let (consent_e, consent_id, consent_bad) = error_of(&form, "consent");
    let posted = !form.values.is_empty();
    let pick = |key: &str, default: String| if posted { form.value(key) } else { default };
    let address = pick("address", b.address.clone());
    let phone = pick("phone", b.phone.clone());
    let for_value = b.for_id.map(|f| f.to_string()).unwrap_or_default();
    let open = slots.iter().any(|s| s.left > 0);
    view! {
        <section class="card" aria-labelledby="book-h">
            <h2 id="book-h">{t("market-book-a-visit")}</h2>
            <FormBanner form=form.clone() message=use_strings().form_has_errors/>
            {(b.choices.len() > 1 || b.staff).then(|| view! {
                <form method="get" action=format!("/market/{id}") class="filters">
                    {b.staff.then(|| view! {
                        <div class="field">
                            <label for="who">{t("applications-find-a-resident")}</label>
                            <input id="who" name="who" type="search" value=b.who.clone() maxlength="20" autocomplete="off"/>
                        </div>
                        <button type="submit" class="button">{t("applications-find")}</button>
                    })}
                    {(!b.choices.is_empty()).then(|| view! {
                        <div class="field">
                            <label for="for">{t("market-book-for")}</label>
                            <select id="for" name="for">
                                {b.staff.then(|| view! { <option value="">{t("market-choose-a-resident")}</option> })}
                                {b.choices.iter().map(|c| view! { <option value=c.id.to_string() selected=Some(c.id) == b.for_id lang=written_lang(&c.name)>{c.name.clone()}</option> }).collect_view()}
                            </select>
                        </div>
                        <button type="submit" class="button">{t("market-choose")}</button>
                    })}
                </form>
            })}
            {if b.for_id.is_none() { view! { <p>{t("market-first-choose-whom-you-are-booking")}</p> }.into_any() } else if !open {
                view! { <p>{t("market-no-open-slots-in-the-next")}</p> }.into_any()
            } else { view! {
                <form method="post" action=format!("/market/{id}/book") class="stack">
                    <input type="hidden" name="for" value=for_value/>
                    <SlotPicker slots form=form.clone()/>
                    <div class="field" class:invalid=addr_bad>
                        <label for="address">{t("market-address-from-the-account-add-the")}</label>
                        <input id="address" name="address" type="text" value=address maxlength="120" required=true autocomplete="street-address" aria-describedby=addr_id/>
                        {addr_e.map(|e| view! { <p class="error" id="address-error">{e}</p> })}
                    </div>
                    <div class="field" class:invalid=phone_bad>
                        <label for="phone">{t("market-phone")}</label>
                        <input id="phone" name="phone" type="tel" inputmode="numeric" value=phone maxlength="11" required=true autocomplete="tel" aria-describedby=phone_id/>
                        {phone_e.map(|e| view! { <p class="error" id="phone-error">{e}</p> })}
                    </div>
                    <div class="field" class:invalid=note_bad>
                        <label for="note">{t("market-note-optional-mobility-tools-needed")}</label>
                        <textarea id="note" name="note" rows="3" maxlength="300" aria-describedby=note_id>{form.value("note")}</textarea>
                        {note_e.map(|e| view! { <p class="error" id="note-error">{e}</p> })}
                    </div>
                    {b.staff.then(|| view! {
                        <fieldset class="field" class:invalid=consent_bad aria-describedby=consent_id>
                            <legend>{t("market-how-the-resident-agreed")}</legend>
                            <div class="checkbox"><input type="radio" id="consent-in-person" name="consent" value="in_person" checked=form.value("consent") == "in_person"/>
                                <label for="consent-in-person">{t("market-in-person")}</label></div>
                            <div class="checkbox"><input type="radio" id="consent-phone" name="consent" value="phone" checked=form.value("consent") == "phone"/>
                                <label for="consent-phone">{t("market-by-phone")}</label></div>
                            <div class="checkbox"><input type="checkbox" id="consent-confirmed" name="consent_confirmed" value="1"/>
                                <label for="consent-confirmed">{t("market-i-confirm-the-resident-agreed-that")}</label></div>
                            {consent_e.map(|e| view! { <p class="error" id="consent-error">{e}</p> })}
                        </fieldset>
                    })}
                    <button type="submit" class="button primary">{t("market-book-2")}</button>
                </form>
            }.into_any() }}
        </section>
    }
}

/// The open times of the next two weeks, one row a day with its times side by side; full ones
/// are shown but cannot be chosen.
#[component]
fn SlotPicker(slots: Vec<SlotView>, form: FormState) -> impl IntoView {
    let (slot_e, slot_id, slot_bad) = error_of(&form, "slot");
    let chosen_slot = form.value("slot");
    let mut days: Vec<(String, Vec<SlotView>)> = Vec::new();
    for s in slots {
        match days.last_mut() {
            Some((d, v)) if *d == s.day => v.push(s),
            _ => days.push((s.day.clone(), vec![s])),
        }
    }
    view! {
        <fieldset class="field slots" class:invalid=slot_bad aria-describedby=slot_id>
            <legend>{t("market-choose-a-time")}</legend>
            {days.into_iter().map(|(day, times)| view! {
                <div class="slot-day">
                    <p class="slot-date">{day}</p>
                    <div class="slot-times">
                        {times.into_iter().map(|s| {
                            let rid = format!("slot-{}", s.starts_at);
                            view! {
                                <div class="checkbox">
                                    <input type="radio" id=rid.clone() name="slot" value=s.starts_at.to_string() disabled=s.left == 0
                                        checked=chosen_slot == s.starts_at.to_string()/>
                                    <label for=rid>{format!("{} {}", s.time,
                                        if s.left == 0 { t("market-full").to_string() } else { format!("{}{}", t("market-left"), s.left) })}</label>
                                </div>
                            }
                        }).collect_view()}
                    </div>
                </div>
            }).collect_view()}
            {slot_e.map(|e| view! { <p class="error" id="slot-error">{e}</p> })}
        </fieldset>
    }
}

#[component]
pub fn MyOrdersPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| load_my_orders());
    view! {
        <Title text=t("market-my-bookings")/>
        <h1>{t("market-my-bookings")}</h1>
        <p><a class="button" href="/market">{t("market-find-a-service")}</a></p>
        {loaded(data, sign_in_first, |items| view! { <OrderList items/> }.into_any())}
    }
}

#[component]
pub fn OrderList(items: Vec<OrderSummary>) -> impl IntoView {
    if items.is_empty() {
        return view! { <p>{t("market-no-bookings-yet")}</p> }.into_any();
    }
    view! {
        <ul class="cards">
            {items.into_iter().map(|o| view! {
                <li class="card">
                    <h2 lang=written_lang(&o.title)><a href=format!("/market/orders/{}", o.ref_no)>{o.title.clone()}</a></h2>
                    <p class="meta"><span class=format!("status status-{}", o.status)>{o.status_label.clone()}</span>" · "{o.slot.clone()}" · "<Written text=o.who.clone()/></p>
                    <p class="meta">{t("market-ref-2")}{o.ref_no.clone()}</p>
                </li>
            }).collect_view()}
        </ul>
    }.into_any()
}

#[component]
pub fn OrderPage() -> impl IntoView {
    let params = use_params_map();
    let ref_no = move || params.with(|p| p.get("ref_no")).unwrap_or_default();
    let form = use_form_state();
    let signed_in = use_viewer().user.is_some();
    let data = Resource::new(ref_no, load_order);
    view! {
        <Title text=t("market-order")/>
        {if !signed_in { view! { <h1>{t("market-order")}</h1><SignInFirst/> }.into_any() } else { view! {
            {loaded(data, not_yours, move |o| view! { <super::order_page::OrderBody o form=form.clone()/> }.into_any())}
        }.into_any() }}
    }
}

/// Approved promotions on the home page, each labelled 推广. Not rendered in 长辈版 at all (the
/// server also returns none there).
#[component]
pub fn HomePromotions() -> impl IntoView {
    if use_viewer().mode.is_elder() {
        return ().into_any();
    }
    let data = Resource::new(|| (), |_| load_home_promotions());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let items = data.await.unwrap_or_default();
                (!items.is_empty()).then(|| view! {
                    <section aria-labelledby="promo-h" class="promotions">
                        <h2 id="promo-h">{t("market-promoted-local-services")}</h2>
                        <ul class="cards">
                            {items.into_iter().map(|p| view! {
                                <li class="card promo">
                                    <span class="badge badge-promo">{t("market-promoted")}</span>
                                    <img src=p.image.clone() alt=p.title.clone() lang=written_lang(&p.title) width="320" height="160" loading="lazy"/>
                                    <p><strong><Written text=p.title.clone()/></strong>" · "<Written text=p.provider_name.clone()/></p>
                                </li>
                            }).collect_view()}
                        </ul>
                        <p><a class="more-link" href="/market">{t("market-all-local-services")}</a></p>
                    </section>
                })
            })}
        </Suspense>
    }.into_any()
}
