//! `/admin/report` (**How posts went**): for each account an admin runs,
//! posts per author with how people responded, and how long posts wait for
//! a supporter's yes.

use leptos::prelude::*;

use leptos::server_fn::codec::Json;

use crate::common::{Icon, LoadedList};
use crate::domain::responses::{duration_words, Responses};
use crate::error::AppError;
use crate::read_aloud::Said;
use crate::strings;

pub use crate::records::{AccountReport, AuthorLine};

/// The report for every account the signed-in person is an admin of.
#[server(endpoint = "admin/report", input = Json)]
pub async fn report() -> Result<Vec<AccountReport>, AppError> {
    crate::ports::answer(flows::report().await)
}

#[cfg(feature = "ssr")]
mod flows {
    use super::AccountReport;
    use crate::domain::roles::Role;
    use crate::error::AppError;
    use crate::ports;

    pub async fn report() -> Result<Vec<AccountReport>, AppError> {
        let person = ports::signed_in().await?;
        let publishing = ports::services()?.publishing;
        let mut out = Vec::new();
        for membership in person.memberships.iter().filter(|m| m.role == Role::Admin) {
            let mut report = publishing.report(&membership.account_id).await?;
            report.account_name = membership.account_name.clone();
            out.push(report);
        }
        if out.is_empty() {
            return Err(AppError::NotAllowed);
        }
        Ok(out)
    }
}

#[component]
pub fn ReportPage() -> impl IntoView {
    let reports = crate::common::load(|| (), |_| report());
    view! {
        <leptos_meta::Title text=strings::REPORT_TITLE/>
        <h1>{strings::REPORT_TITLE}</h1>
        <LoadedList list=reports row=move |report| view! { <AccountReportView report/> }/>
    }
}

#[component]
fn AccountReportView(report: AccountReport) -> impl IntoView {
    let heading = format!("report-{}", report.account_id);
    let labelled_by = heading.clone();
    let wait = match report.median_wait_ms {
        Some(ms) => format!(
            "{} {} {}",
            strings::REPORT_WAIT,
            duration_words(ms),
            strings::REPORT_WAIT_END
        ),
        None => strings::REPORT_NO_YES.to_string(),
    };
    let approved = format!("{} {}", report.approved, strings::REPORT_APPROVED);
    let mut total = Responses::default();
    for line in &report.authors {
        total.add(&line.responses);
    }
    let rows = report
        .authors
        .into_iter()
        .map(|line| {
            view! {
                <tr>
                    <th scope="row">{line.author_name}</th>
                    <td>{line.posts}</td>
                    <td>{line.responses.replies}</td>
                    <td>{line.responses.reposts}</td>
                    <td>{line.responses.likes}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="card" aria-labelledby=labelled_by>
            <h2 id=heading>{report.account_name}</h2>
            // A `div`, not a `p`: `Said` holds its own paragraph, and a
            // paragraph inside a paragraph is split apart by the browser,
            // so the page would no longer match the one drawn on the server.
            <div class="fact"><Icon emoji="✅"/><Said text=approved/></div>
            <div class="fact"><Icon emoji="⏱️"/><Said text=wait/></div>
            <table class="report">
                <caption>{strings::REPORT_TABLE}</caption>
                <thead>
                    <tr>
                        <th scope="col"><span aria-hidden="true">"🧑 "</span>{strings::REPORT_AUTHOR}</th>
                        <th scope="col"><span aria-hidden="true">"📝 "</span>{strings::REPORT_POSTS}</th>
                        <th scope="col"><span aria-hidden="true">"💬 "</span>{strings::REPORT_REPLIES}</th>
                        <th scope="col"><span aria-hidden="true">"🔁 "</span>{strings::REPORT_SHARES}</th>
                        <th scope="col"><span aria-hidden="true">"⭐ "</span>{strings::REPORT_LIKES}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
                <tfoot>
                    <tr>
                        <th scope="row">{strings::REPORT_ALL}</th>
                        <td></td>
                        <td>{total.replies}</td>
                        <td>{total.reposts}</td>
                        <td>{total.likes}</td>
                    </tr>
                </tfoot>
            </table>
        </section>
    }
}
