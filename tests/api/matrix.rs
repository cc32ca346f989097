//! The authorization matrix: every server function and every route, called
//! by a visitor, the post's author, a co-producer, a supporter and an admin
//! of the account, and a co-producer, a supporter and an admin of another
//! account. Every cell is checked; every refusal is 401 or 403 and leaves
//! every table exactly as it was.

use app::domain::roles::Role;
use reqwest::{Response, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{add_member, location, spawn_app, three_tiles, Person, TestApp};
use crate::photos::plain_jpeg;

/// What one person gets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Cell {
    /// Done (2xx, or a redirect for the sign-out form).
    Yes,
    /// 401: sign in first.
    SignIn,
    /// 403: not yours to do.
    No,
    /// Let past the role check, and the input then refused (422 or 404):
    /// for calls that would reach another server with good input.
    Checked,
}
use Cell::{Checked, No, SignIn, Yes};

/// The columns, in order (and a last one: kim, a supporter of the
/// account whose access was stopped after signing in, who gets what a
/// visitor gets).
const WHO: [&str; 9] = [
    "visitor",
    "sam (the author)",
    "robin (co-producer)",
    "alex (supporter)",
    "jo (admin)",
    "pat (co-producer, other account)",
    "casey (supporter, other account)",
    "lee (admin, other account)",
    "kim (supporter, access stopped)",
];
const USERS: [Option<&str>; 9] = [
    None,
    Some("sam"),
    Some("robin"),
    Some("alex"),
    Some("jo"),
    Some("pat"),
    Some("casey"),
    Some("lee"),
    Some("kim"),
];

/// What a cell needs made first, by sam and alex.
#[derive(Clone, Copy)]
enum Needs {
    Nothing,
    Draft,
    Submitted,
    AwaitingAuthor,
    /// A word on sam's "My words" board.
    Word,
    /// A sign-in card for sam.
    Card,
    /// A new co-producer on the account, to add roles to, stop or remove.
    NewPerson,
    /// A post of sam's that alex approved (published to the feed).
    Published,
    /// Sam's picture password, locked after ten wrong tries.
    LockedPictures,
    /// A tablet alex set up for pictures.
    Tablet,
}

/// Everything a request may name.
struct Fixture {
    leeds: String,
    sam_id: String,
    post_id: String,
    word_id: String,
    card_id: String,
    tablet_id: String,
    category: String,
    photo: String,
    /// The demo organisation.
    organisation: String,
    /// A second account jo runs (to close).
    spare: String,
    /// The person made by `Needs::NewPerson`.
    person: String,
}

enum Call {
    /// A server function under `/api/` with a JSON body.
    Fn(&'static str, fn(&Fixture) -> Value),
    Get(fn(&Fixture) -> String),
    /// A POST of a JSON body to a path outside `/api/`.
    Post(&'static str, fn(&Fixture) -> Value),
    /// `POST /api/photos` with a JPEG body.
    Photo,
    /// `POST /sign-out`.
    SignOut,
}

struct Row {
    what: &'static str,
    needs: Needs,
    call: Call,
    cells: [Cell; 8],
}

const EVERYONE: [Cell; 8] = [Yes; 8];
const SIGNED_IN: [Cell; 8] = [SignIn, Yes, Yes, Yes, Yes, Yes, Yes, Yes];
/// Anyone with a role on the account (Our Voice Leeds).
const ON_ACCOUNT: [Cell; 8] = [SignIn, Yes, Yes, Yes, Yes, No, No, No];
const AUTHOR_ONLY: [Cell; 8] = [SignIn, Yes, No, No, No, No, No, No];
/// Supporters and admins of the account, never the author.
const CHECKERS: [Cell; 8] = [SignIn, No, No, Yes, Yes, No, No, No];
/// The author, and the account's supporters and admins.
const AUTHOR_AND_CHECKERS: [Cell; 8] = [SignIn, Yes, No, Yes, Yes, No, No, No];
/// Anyone who checks posts somewhere (their own accounts' lists).
const ANY_CHECKER: [Cell; 8] = [SignIn, No, No, Yes, Yes, No, Yes, Yes];
const ADMIN_ONLY: [Cell; 8] = [SignIn, No, No, No, Yes, No, No, No];
const ANY_ADMIN: [Cell; 8] = [SignIn, No, No, No, Yes, No, No, Yes];
/// The account's admins get past the role check; their input is refused.
const ADMIN_CHECKED: [Cell; 8] = [SignIn, No, No, No, Checked, No, No, No];

fn post_only(f: &Fixture) -> Value {
    json!({"post_id": f.post_id})
}

fn dog() -> Value {
    json!({"set": "mulberry", "id": "dog"})
}

fn rows() -> Vec<Row> {
    use Call::{Fn, Get, Post};
    use Needs::*;
    vec![
        Row {
            what: "who am I",
            needs: Nothing,
            call: Fn("me", |_| json!({})),
            cells: EVERYONE,
        },
        Row {
            what: "may open a page for checkers",
            needs: Nothing,
            call: Fn("me/may-open", |_| json!({"need": "Checker"})),
            cells: ANY_CHECKER,
        },
        Row {
            what: "the feed",
            needs: Nothing,
            call: Fn("feed", |_| json!({"slug": "our-voice-leeds"})),
            cells: EVERYONE,
        },
        Row {
            what: "find a picture",
            needs: Nothing,
            call: Fn("symbols/search", |_| json!({"query": "dog"})),
            cells: SIGNED_IN,
        },
        Row {
            what: "make pictures",
            needs: Nothing,
            call: Fn("symbols/sentence", |_| json!({"text": "I like dogs"})),
            cells: SIGNED_IN,
        },
        Row {
            what: "picture groups",
            needs: Nothing,
            call: Fn("symbols/categories", |_| json!({})),
            cells: SIGNED_IN,
        },
        Row {
            what: "one picture group",
            needs: Nothing,
            call: Fn("symbols/category", |f| json!({"name": f.category})),
            cells: SIGNED_IN,
        },
        Row {
            what: "new post",
            needs: Nothing,
            call: Fn("posts/new", |f| json!({"account_id": f.leeds})),
            cells: ON_ACCOUNT,
        },
        Row {
            what: "read a post",
            needs: Submitted,
            call: Fn("posts/get", post_only),
            cells: AUTHOR_AND_CHECKERS,
        },
        Row {
            what: "save a draft",
            needs: Draft,
            call: Fn(
                "posts/save",
                |f| json!({"post_id": f.post_id, "tiles": three_tiles(), "revision": 9}),
            ),
            cells: AUTHOR_ONLY,
        },
        Row {
            what: "send a draft",
            needs: Draft,
            call: Fn(
                "posts/send",
                |f| json!({"post_id": f.post_id, "tiles": three_tiles(), "revision": 9}),
            ),
            cells: AUTHOR_ONLY,
        },
        Row {
            what: "take a post back",
            needs: Submitted,
            call: Fn("posts/withdraw", post_only),
            cells: AUTHOR_ONLY,
        },
        Row {
            what: "answer new words",
            needs: AwaitingAuthor,
            call: Fn(
                "posts/answer",
                |f| json!({"post_id": f.post_id, "post_this": true}),
            ),
            cells: AUTHOR_ONLY,
        },
        Row {
            what: "private details note",
            needs: Nothing,
            call: Fn("posts/details", |_| json!({"text": "Ring 07700 900123"})),
            cells: SIGNED_IN,
        },
        Row {
            what: "my posts",
            needs: Nothing,
            call: Fn("posts/mine", |_| json!({})),
            cells: SIGNED_IN,
        },
        Row {
            what: "posts to check",
            needs: Nothing,
            call: Fn("check/list", |_| json!({})),
            cells: ANY_CHECKER,
        },
        Row {
            what: "approve",
            needs: Submitted,
            call: Fn("check/approve", post_only),
            cells: CHECKERS,
        },
        Row {
            what: "ask for changes",
            needs: Submitted,
            call: Fn(
                "check/changes",
                |f| json!({"post_id": f.post_id, "feedback": "Say which park."}),
            ),
            cells: CHECKERS,
        },
        Row {
            what: "suggest words",
            needs: Submitted,
            call: Fn(
                "check/suggest",
                |f| json!({"post_id": f.post_id, "tiles": [{"symbol": dog(), "word": "dogs"}]}),
            ),
            cells: CHECKERS,
        },
        Row {
            what: "connected accounts",
            needs: Nothing,
            call: Fn("connections/list", |_| json!({})),
            cells: ANY_ADMIN,
        },
        Row {
            what: "connect Mastodon (to nowhere)",
            needs: Nothing,
            call: Fn(
                "connections/mastodon",
                |f| json!({"account_id": f.leeds, "server_url": "not an address", "access_token": "t"}),
            ),
            cells: ADMIN_CHECKED,
        },
        Row {
            what: "connect Bluesky (to nowhere)",
            needs: Nothing,
            call: Fn(
                "connections/bluesky",
                |f| json!({"account_id": f.leeds, "handle": "a.test", "app_password": "p", "server_url": "ftp://x"}),
            ),
            cells: ADMIN_CHECKED,
        },
        Row {
            what: "take a place off (none there)",
            needs: Nothing,
            call: Fn(
                "connections/take-off",
                |f| json!({"account_id": f.leeds, "network": "mastodon"}),
            ),
            cells: ADMIN_CHECKED,
        },
        Row {
            what: "the report of how posts went",
            needs: Nothing,
            call: Fn("admin/report", |_| json!({})),
            cells: ANY_ADMIN,
        },
        Row {
            what: "the end-of-day sign-offs",
            needs: Nothing,
            call: Fn("sign-off/list", |_| json!({})),
            cells: ANY_ADMIN,
        },
        Row {
            what: "start a sign-off",
            needs: Nothing,
            call: Fn("sign-off/start", |f| json!({"account_id": f.leeds})),
            cells: ADMIN_ONLY,
        },
        Row {
            what: "set the sign-off time (not a time)",
            needs: Nothing,
            call: Fn(
                "sign-off/time",
                |f| json!({"account_id": f.leeds, "time": "tea time"}),
            ),
            cells: ADMIN_CHECKED,
        },
        Row {
            what: "hashtag sets",
            needs: Nothing,
            call: Fn("hashtags/admin", |_| json!({})),
            cells: ANY_ADMIN,
        },
        Row {
            what: "add a hashtag set (a bad hashtag)",
            needs: Nothing,
            call: Fn(
                "hashtags/save",
                |f| json!({"account_id": f.leeds, "set_id": null, "event": "Chat", "tags": "#a-b"}),
            ),
            cells: ADMIN_CHECKED,
        },
        Row {
            what: "take a hashtag set off (none there)",
            needs: Nothing,
            call: Fn(
                "hashtags/remove",
                |f| json!({"account_id": f.leeds, "set_id": "none"}),
            ),
            cells: ADMIN_CHECKED,
        },
        Row {
            what: "a post's hashtag sets",
            needs: Draft,
            call: Fn("hashtags/for-post", post_only),
            cells: AUTHOR_AND_CHECKERS,
        },
        Row {
            what: "the week of posts",
            needs: Nothing,
            call: Fn("schedule/week", |_| json!({"week": 0})),
            cells: ANY_CHECKER,
        },
        Row {
            what: "where a post goes",
            needs: Submitted,
            call: Fn("posts/targets", post_only),
            cells: AUTHOR_AND_CHECKERS,
        },
        Row {
            what: "account rules",
            needs: Nothing,
            call: Fn("admin/rules", |_| json!({})),
            cells: ANY_ADMIN,
        },
        Row {
            what: "set account rules",
            needs: Nothing,
            call: Fn(
                "admin/set-rules",
                |f| json!({"account_id": f.leeds, "approvals_needed": 1}),
            ),
            cells: ADMIN_ONLY,
        },
        Row {
            what: "account log",
            needs: Nothing,
            call: Fn("admin/log", |f| json!({"account_id": f.leeds})),
            cells: ADMIN_ONLY,
        },
        Row {
            what: "post story",
            needs: Submitted,
            call: Fn("admin/story", post_only),
            cells: ADMIN_ONLY,
        },
        Row {
            what: "my boards",
            needs: Nothing,
            call: Fn("boards/mine", |_| json!({})),
            cells: SIGNED_IN,
        },
        Row {
            what: "keep a favourite",
            needs: Nothing,
            call: Fn(
                "boards/favourite",
                |_| json!({"symbol": dog(), "word": "dog", "on": true}),
            ),
            cells: SIGNED_IN,
        },
        Row {
            what: "people to fill boards for",
            needs: Nothing,
            call: Fn("boards/authors", |_| json!({})),
            cells: ANY_CHECKER,
        },
        Row {
            what: "an author's words",
            needs: Nothing,
            call: Fn("boards/words-for", |f| json!({"author_id": f.sam_id})),
            cells: AUTHOR_AND_CHECKERS_BOARD,
        },
        Row {
            what: "add to an author's words",
            needs: Nothing,
            call: Fn(
                "boards/add-word",
                |f| json!({"author_id": f.sam_id, "symbol": dog(), "word": "Rex"}),
            ),
            cells: AUTHOR_AND_CHECKERS_BOARD,
        },
        Row {
            what: "take off an author's word",
            needs: Word,
            call: Fn(
                "boards/remove-word",
                |f| json!({"author_id": f.sam_id, "my_word_id": f.word_id}),
            ),
            cells: AUTHOR_AND_CHECKERS_BOARD,
        },
        Row {
            what: "my hearing settings",
            needs: Nothing,
            call: Fn("speech/settings", |_| json!({})),
            cells: SIGNED_IN,
        },
        Row {
            what: "an author's hearing settings",
            needs: Nothing,
            call: Fn("speech/settings-for", |f| json!({"person_id": f.sam_id})),
            cells: AUTHOR_AND_CHECKERS,
        },
        Row {
            what: "save an author's hearing settings",
            needs: Nothing,
            call: Fn(
                "speech/save-settings",
                |f| json!({"person_id": f.sam_id, "settings": {"source": "our_voice", "voice": "en-gb", "rate": "slower", "speak_on_tap": true, "highlight": true}}),
            ),
            cells: AUTHOR_AND_CHECKERS,
        },
        Row {
            what: "co-producers to help sign in",
            needs: Nothing,
            call: Fn("signin/people", |_| json!({})),
            cells: ANY_CHECKER,
        },
        Row {
            what: "set a picture password",
            needs: Nothing,
            call: Fn(
                "signin/set-pictures",
                |f| json!({"person_id": f.sam_id, "pictures": ["cat", "sun", "dog"]}),
            ),
            cells: AUTHOR_AND_CHECKERS,
        },
        Row {
            what: "make a sign-in card",
            needs: Nothing,
            call: Fn(
                "signin/new-card",
                |f| json!({"person_id": f.sam_id, "days": 1}),
            ),
            cells: CHECKERS,
        },
        Row {
            what: "POST /sign-in/tablet (use pictures on this tablet)",
            needs: Nothing,
            call: Post("/sign-in/tablet", |_| json!({})),
            cells: ANY_CHECKER,
        },
        Row {
            what: "tablets set up for pictures",
            needs: Nothing,
            call: Fn("signin/tablets", |_| json!({})),
            cells: ANY_CHECKER,
        },
        Row {
            what: "stop pictures on a tablet",
            needs: Tablet,
            call: Fn("signin/stop-tablet", |f| json!({"tablet_id": f.tablet_id})),
            cells: CHECKERS,
        },
        Row {
            what: "are sign-in pictures locked",
            needs: Nothing,
            call: Fn("signin/pictures-locked", |f| json!({"person_id": f.sam_id})),
            cells: CHECKERS,
        },
        Row {
            what: "unlock sign-in pictures",
            needs: LockedPictures,
            call: Fn("signin/unlock-pictures", |f| json!({"person_id": f.sam_id})),
            cells: CHECKERS,
        },
        Row {
            what: "list sign-in cards",
            needs: Nothing,
            call: Fn("signin/cards", |f| json!({"person_id": f.sam_id})),
            cells: CHECKERS,
        },
        Row {
            what: "stop a sign-in card",
            needs: Card,
            call: Fn(
                "signin/stop-card",
                |f| json!({"person_id": f.sam_id, "card_id": f.card_id}),
            ),
            cells: CHECKERS,
        },
        Row {
            what: "my name on the feed",
            needs: Nothing,
            call: Fn("me/public-name", |_| json!({})),
            cells: SIGNED_IN,
        },
        Row {
            what: "choose my name on the feed",
            needs: Nothing,
            call: Fn("me/set-public-name", |_| json!({"name": "Sammy"})),
            cells: SIGNED_IN,
        },
        Row {
            what: "count of new messages",
            needs: Nothing,
            call: Fn("notes/count", |_| json!({})),
            cells: EVERYONE,
        },
        Row {
            what: "messages",
            needs: Nothing,
            call: Fn("notes/list", |_| json!({})),
            cells: SIGNED_IN,
        },
        Row {
            what: "mark messages seen",
            needs: Nothing,
            call: Fn("notes/seen", |_| json!({})),
            cells: SIGNED_IN,
        },
        Row {
            what: "an author's communication profile",
            needs: Nothing,
            call: Fn("profile/get", |f| json!({"person_id": f.sam_id})),
            cells: AUTHOR_AND_CHECKERS,
        },
        Row {
            what: "record a communication profile",
            needs: Nothing,
            call: Fn(
                "profile/save",
                |f| json!({"person_id": f.sam_id, "profile": {"easy_read": true, "symbols": true, "read_aloud": true, "large_text": false}}),
            ),
            cells: CHECKERS,
        },
        Row {
            what: "GET /healthz",
            needs: Nothing,
            call: Get(|_| "/healthz".into()),
            cells: EVERYONE,
        },
        Row {
            what: "GET /readyz",
            needs: Nothing,
            call: Get(|_| "/readyz".into()),
            cells: EVERYONE,
        },
        Row {
            what: "GET /feed/<slug>.atom",
            needs: Nothing,
            call: Get(|_| "/feed/our-voice-leeds.atom".into()),
            cells: EVERYONE,
        },
        Row {
            what: "GET /cards/<draft>.png",
            needs: Draft,
            call: Get(|f| format!("/cards/{}.png", f.post_id)),
            cells: AUTHOR_AND_CHECKERS,
        },
        Row {
            what: "POST /speech",
            needs: Nothing,
            call: Post("/speech", |_| json!({"text": "hello"})),
            cells: SIGNED_IN,
        },
        Row {
            what: "GET /photos/<id>.jpg",
            needs: Nothing,
            call: Get(|f| format!("/photos/{}", f.photo)),
            cells: AUTHOR_ONLY,
        },
        Row {
            what: "POST /api/photos",
            needs: Nothing,
            call: Call::Photo,
            cells: SIGNED_IN,
        },
        Row {
            what: "take a post down",
            needs: Published,
            call: Fn(
                "posts/take-down",
                |f| json!({"post_id": f.post_id, "why": "Wrong photo."}),
            ),
            cells: CHECKERS,
        },
        Row {
            what: "service accounts",
            needs: Nothing,
            call: Fn("accounts/list", |_| json!({})),
            cells: ANY_ADMIN,
        },
        Row {
            what: "add an account (a bad help link)",
            needs: Nothing,
            call: Fn(
                "accounts/add",
                |f| json!({"organisation_id": f.organisation, "name": "York", "help_url": "york"}),
            ),
            cells: ADMIN_CHECKED,
        },
        Row {
            what: "change an account (an unknown time zone)",
            needs: Nothing,
            call: Fn(
                "accounts/change",
                |f| json!({"account_id": f.leeds, "name": "Leeds", "help_url": "https://example.org", "time_zone": "Mars/Base"}),
            ),
            cells: ADMIN_CHECKED,
        },
        Row {
            what: "close an account",
            needs: Nothing,
            call: Fn("accounts/close", |f| json!({"account_id": f.spare})),
            cells: ADMIN_ONLY,
        },
        Row {
            what: "people",
            needs: Nothing,
            call: Fn("people/list", |_| json!({})),
            cells: ANY_ADMIN,
        },
        Row {
            what: "add a person (a bad user name)",
            needs: Nothing,
            call: Fn(
                "people/add",
                |f| json!({"name": "Kit", "user_name": "has spaces", "account_id": f.leeds, "role": "co_producer"}),
            ),
            cells: ADMIN_CHECKED,
        },
        Row {
            what: "give a role",
            needs: NewPerson,
            call: Fn(
                "people/give-role",
                |f| json!({"person_id": f.person, "account_id": f.leeds, "role": "supporter"}),
            ),
            cells: ADMIN_ONLY,
        },
        Row {
            what: "take a role (their last one)",
            needs: NewPerson,
            call: Fn(
                "people/take-role",
                |f| json!({"person_id": f.person, "account_id": f.leeds}),
            ),
            cells: ADMIN_CHECKED,
        },
        Row {
            what: "a new welcome link",
            needs: NewPerson,
            call: Fn("people/welcome", |f| json!({"person_id": f.person})),
            cells: ADMIN_ONLY,
        },
        Row {
            what: "stop a person's access",
            needs: NewPerson,
            call: Fn(
                "people/access",
                |f| json!({"person_id": f.person, "stop": true}),
            ),
            cells: ADMIN_ONLY,
        },
        Row {
            what: "remove a person",
            needs: NewPerson,
            call: Fn("people/remove", |f| json!({"person_id": f.person})),
            cells: ADMIN_ONLY,
        },
        Row {
            what: "a welcome link's state",
            needs: Nothing,
            call: Fn("welcome/check", |_| json!({"token": "0123456789abcdef"})),
            cells: EVERYONE,
        },
        Row {
            what: "GET a person's data",
            needs: NewPerson,
            call: Get(|f| format!("/admin/people/{}/data.zip", f.person)),
            cells: ADMIN_ONLY,
        },
        Row {
            what: "page /admin/accounts",
            needs: Nothing,
            call: Get(|_| "/admin/accounts".into()),
            cells: ANY_ADMIN,
        },
        Row {
            what: "page /admin/people",
            needs: Nothing,
            call: Get(|_| "/admin/people".into()),
            cells: ANY_ADMIN,
        },
        Row {
            what: "page /welcome/<token>",
            needs: Nothing,
            call: Get(|_| "/welcome/0123456789abcdef".into()),
            cells: EVERYONE,
        },
        // Pages: the server renders each with its data, so a page answers
        // with the same status as the data it shows.
        Row {
            what: "page /",
            needs: Nothing,
            call: Get(|_| "/".into()),
            cells: EVERYONE,
        },
        Row {
            what: "page /posts/<id>/sent",
            needs: Submitted,
            call: Get(|f| format!("/posts/{}/sent", f.post_id)),
            cells: AUTHOR_AND_CHECKERS,
        },
        Row {
            what: "page /sign-in",
            needs: Nothing,
            call: Get(|_| "/sign-in".into()),
            cells: EVERYONE,
        },
        Row {
            what: "page /feed/<slug>",
            needs: Nothing,
            call: Get(|_| "/feed/our-voice-leeds".into()),
            cells: EVERYONE,
        },
        Row {
            what: "page /hearing",
            needs: Nothing,
            call: Get(|_| "/hearing".into()),
            cells: SIGNED_IN,
        },
        Row {
            what: "page /words",
            needs: Nothing,
            call: Get(|_| "/words".into()),
            cells: ANY_CHECKER,
        },
        Row {
            what: "page /sign-in-help",
            needs: Nothing,
            call: Get(|_| "/sign-in-help".into()),
            cells: ANY_CHECKER,
        },
        Row {
            what: "page /card/<token>",
            needs: Nothing,
            call: Get(|_| "/card/0123456789abcdef".into()),
            cells: EVERYONE,
        },
        Row {
            what: "page /notes",
            needs: Nothing,
            call: Get(|_| "/notes".into()),
            cells: SIGNED_IN,
        },
        Row {
            what: "page /check",
            needs: Nothing,
            call: Get(|_| "/check".into()),
            cells: ANY_CHECKER,
        },
        Row {
            what: "page /admin",
            needs: Nothing,
            call: Get(|_| "/admin".into()),
            cells: ANY_ADMIN,
        },
        Row {
            what: "page /week",
            needs: Nothing,
            call: Get(|_| "/week".into()),
            cells: ANY_CHECKER,
        },
        Row {
            what: "page /admin/connections",
            needs: Nothing,
            call: Get(|_| "/admin/connections".into()),
            cells: ANY_ADMIN,
        },
        Row {
            what: "page /admin/report",
            needs: Nothing,
            call: Get(|_| "/admin/report".into()),
            cells: ANY_ADMIN,
        },
        Row {
            what: "page /admin/sign-off",
            needs: Nothing,
            call: Get(|_| "/admin/sign-off".into()),
            cells: ANY_ADMIN,
        },
        Row {
            what: "page /admin/hashtags",
            needs: Nothing,
            call: Get(|_| "/admin/hashtags".into()),
            cells: ANY_ADMIN,
        },
        Row {
            what: "page /admin/log/<id>",
            needs: Nothing,
            call: Get(|f| format!("/admin/log/{}", f.leeds)),
            cells: ADMIN_ONLY,
        },
        Row {
            what: "page /admin/posts/<id>",
            needs: Submitted,
            call: Get(|f| format!("/admin/posts/{}", f.post_id)),
            cells: ADMIN_ONLY,
        },
        // The sign-in forms are for everyone and are tested on their own
        // (easy_signin.rs, refusals.rs). Last: signing out ends each
        // person's session.
        Row {
            what: "POST /sign-out",
            needs: Nothing,
            call: Call::SignOut,
            cells: EVERYONE,
        },
    ]
}

/// Filling "My words": a supporter or admin of an account the author is
/// on. The author does not fill their own board through these.
const AUTHOR_AND_CHECKERS_BOARD: [Cell; 8] = CHECKERS;

/// Makes what a cell needs, as sam (the author) and alex (the supporter).
async fn prepare(app: &TestApp, sam: &Person, alex: &Person, needs: Needs, f: &mut Fixture) {
    match needs {
        Needs::Nothing => {}
        Needs::Draft => {
            f.post_id = sam.start_post(&f.leeds).await;
            assert_eq!(
                sam.save(&f.post_id, three_tiles(), 1).await.status(),
                StatusCode::OK
            );
        }
        Needs::Submitted => f.post_id = sam.write_and_send(&f.leeds).await,
        Needs::AwaitingAuthor => {
            f.post_id = sam.write_and_send(&f.leeds).await;
            let tiles = json!([{"symbol": dog(), "word": "dogs"}]);
            let body = json!({"post_id": f.post_id, "tiles": tiles});
            assert_eq!(
                alex.call_json("check/suggest", body).await.status(),
                StatusCode::OK
            );
        }
        Needs::Word => {
            let body = json!({"author_id": f.sam_id, "symbol": dog(), "word": "Rex"});
            assert_eq!(
                alex.call_json("boards/add-word", body).await.status(),
                StatusCode::OK
            );
            let words: Value = alex
                .call("boards/words-for", &[("author_id", &f.sam_id)])
                .await
                .json()
                .await
                .expect("words");
            f.word_id = words
                .as_array()
                .and_then(|w| w.last())
                .and_then(|w| w["id"].as_str())
                .expect("a word id")
                .to_string();
        }
        Needs::Tablet => {
            let set_up = alex.post_json("/sign-in/tablet", &json!({})).await;
            assert_eq!(location(&set_up), "/sign-in-help?tablet=1");
            let list: Value = alex
                .call("signin/tablets", &[])
                .await
                .json()
                .await
                .expect("tablets");
            f.tablet_id = list[0]["tablet_id"].as_str().expect("id").to_string();
        }
        Needs::LockedPictures => {
            let body = json!({"person_id": f.sam_id, "pictures": ["cat", "sun", "dog"]});
            assert_eq!(
                alex.call_json("signin/set-pictures", body).await.status(),
                StatusCode::OK
            );
            let now = ourvoice::clock::wall_ms();
            let mut locked = false;
            for _ in 0..10 {
                locked = app
                    .storage
                    .picture_failed(&f.sam_id, now)
                    .await
                    .expect("a wrong try");
            }
            assert!(locked, "the tenth wrong try locks");
        }
        Needs::Card => {
            let body = json!({"person_id": f.sam_id, "days": 1});
            let card: Value = alex
                .call_json("signin/new-card", body)
                .await
                .json()
                .await
                .expect("card");
            f.card_id = card["card_id"].as_str().expect("card id").to_string();
        }
        Needs::Published => {
            f.post_id = sam.write_and_send(&f.leeds).await;
            assert_eq!(alex.approve(&f.post_id).await.status(), StatusCode::OK);
        }
        Needs::NewPerson => {
            let name = format!("temp{}", app.storage.dump().await.expect("dump").len());
            f.person = add_member(&app.storage, &name, "our-voice-leeds", Role::CoProducer).await;
        }
    }
    let _ = app;
}

async fn send(person: &Person, call: &Call, f: &Fixture) -> Response {
    match call {
        Call::Fn(endpoint, body) => person.call_json(endpoint, body(f)).await,
        Call::Get(path) => person.get(&path(f)).await,
        Call::Post(path, body) => person.post_json(path, &body(f)).await,
        Call::Photo => person.upload_photo(plain_jpeg()).await,
        Call::SignOut => person.sign_out().await,
    }
}

fn matches(cell: Cell, status: StatusCode) -> bool {
    match cell {
        Yes => status.is_success() || status.is_redirection(),
        SignIn => status == StatusCode::UNAUTHORIZED,
        No => status == StatusCode::FORBIDDEN,
        Checked => status == StatusCode::UNPROCESSABLE_ENTITY || status == StatusCode::NOT_FOUND,
    }
}

#[test]
fn the_matrix_names_every_server_function() {
    let named: Vec<String> = rows()
        .iter()
        .filter_map(|row| match row.call {
            Call::Fn(endpoint, _) => Some(format!("/api/{endpoint}")),
            _ => None,
        })
        .collect();
    let registered: Vec<&str> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path)
        .collect();
    assert!(registered.contains(&"/api/check/approve"), "{registered:?}");
    let mut missing: Vec<&str> = registered
        .into_iter()
        .filter(|path| !named.iter().any(|n| n == path))
        .collect();
    missing.sort_unstable();
    assert!(missing.is_empty(), "not in the matrix: {missing:?}");
}

#[tokio::test]
async fn every_route_and_server_function_by_every_role_of_this_and_another_account() {
    let app = spawn_app().await;
    add_member(&app.storage, "pat", "other-group", Role::CoProducer).await;
    add_member(&app.storage, "lee", "other-group", Role::Admin).await;
    let kim = add_member(&app.storage, "kim", "our-voice-leeds", Role::Supporter).await;
    let mut people = Vec::new();
    for user in USERS {
        people.push(match user {
            Some(name) => app.signed_in(name).await,
            None => app.visitor(),
        });
    }
    let (sam, alex) = (app.signed_in("sam").await, app.signed_in("alex").await);
    // kim signed in above; now her access is stopped.
    let jo_id = people[4].me().await["person_id"]
        .as_str()
        .expect("jo")
        .to_string();
    {
        use app::ports::StaffStore;
        app.storage
            .set_access(&kim, true, &jo_id)
            .await
            .expect("kim stopped");
    }
    let organisations: Value = people[4]
        .call("accounts/list", &[])
        .await
        .json()
        .await
        .expect("organisations");
    let organisation = organisations[0]["organisation_id"]
        .as_str()
        .expect("organisation")
        .to_string();
    let spare: Value = people[4]
        .call_json(
            "accounts/add",
            json!({"organisation_id": organisation, "name": "Spare", "help_url": "https://example.org"}),
        )
        .await
        .json()
        .await
        .expect("spare account");
    let categories: Value = sam
        .call("symbols/categories", &[])
        .await
        .json()
        .await
        .expect("groups");
    let photo: Value = sam
        .upload_photo(plain_jpeg())
        .await
        .json()
        .await
        .expect("photo");
    let mut fixture = Fixture {
        leeds: app.leeds().await,
        sam_id: sam.me().await["person_id"]
            .as_str()
            .expect("id")
            .to_string(),
        post_id: String::new(),
        word_id: String::new(),
        card_id: String::new(),
        tablet_id: String::new(),
        category: categories[0]["name"].as_str().expect("a group").to_string(),
        photo: photo["id"]
            .as_str()
            .map(|id| format!("{id}.jpg"))
            .expect("photo id"),
        organisation,
        spare: spare["account_id"].as_str().expect("spare").to_string(),
        person: String::new(),
    };

    let mut wrong = Vec::new();
    let mut checked = 0;
    for row in rows() {
        for (column, person) in people.iter().enumerate() {
            // The stopped person gets what a visitor gets.
            let cell = row.cells.get(column).copied().unwrap_or(row.cells[0]);
            prepare(&app, &sam, &alex, row.needs, &mut fixture).await;
            let before = app.storage.dump().await.expect("dump");
            let response = send(person, &row.call, &fixture).await;
            let status = response.status();
            checked += 1;
            if !matches(cell, status) {
                wrong.push(format!(
                    "{} by {}: expected {cell:?}, got {status}",
                    row.what, WHO[column]
                ));
                continue;
            }
            if cell != Yes {
                let body = response.text().await.unwrap_or_default();
                if body.trim().is_empty() && !matches!(row.call, Call::Get(_)) {
                    wrong.push(format!(
                        "{} by {}: refused with no message",
                        row.what, WHO[column]
                    ));
                }
                let after = app.storage.dump().await.expect("dump");
                if after != before {
                    wrong.push(format!(
                        "{} by {}: refused but changed data",
                        row.what, WHO[column]
                    ));
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {checked} cells wrong:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    assert!(checked >= 8 * 40, "{checked} cells");
}
