//! Every word the app shows or says, in one catalogue, in easy-read:
//! short sentences, everyday words, saying what to do. The words of
//! publishing and of running a service have their own files; all are
//! read here as one.

mod publishing;
mod running;

pub use publishing::*;
pub use running::*;

pub const APP_NAME: &str = "Our Voice";
pub const SYMBOL_CREDIT: &str = "Symbols: Mulberry Symbols and OpenMoji, CC BY-SA 4.0";
pub const SKIP_TO_MAIN: &str = "Skip to main part";

pub const SIGN_IN: &str = "Sign in";
pub const SIGN_OUT: &str = "Sign out";
pub const USER_NAME: &str = "User name";
pub const PASSWORD: &str = "Password";
pub const SIGN_IN_HELLO: &str = "Welcome to Our Voice. Sign in to start.";
pub const SIGN_IN_FAILED: &str = "That did not work. Check your name and password. Then try again.";
pub const SIGNED_IN_AS: &str = "You are";

pub const HOME_TITLE: &str = "Hello";
pub const NEW_POST: &str = "New post";
pub const MY_POSTS: &str = "My posts";
pub const NO_POSTS_YET: &str = "You have no posts yet. Tap New post to start.";
pub const OPEN_POST: &str = "Open";
pub const POSTS_TO_CHECK: &str = "Posts to check";
pub const GO_TO_CHECK: &str = "Check posts";
pub const SEE_FEED: &str = "See the feed";

pub const FIND_A_PICTURE: &str = "Find a picture";
pub const PICTURES_FOUND: &str = "Pictures found";
pub const NO_PICTURES_FOUND: &str = "We found no pictures. Try another word.";
pub const MY_POST: &str = "My post";
pub const MAKE_POST: &str = "Make your post";
pub const EMPTY_POST: &str = "Your post is empty. Find a picture to add it.";
pub const REMOVE: &str = "Remove";
pub const MOVE: &str = "Move";
pub const EARLIER: &str = "earlier";
pub const LATER: &str = "later";
pub const CHANGE_WORD: &str = "Words for";
pub const CHOSEN_TILE: &str = "You chose:";
pub const WRITE_WORDS: &str = "Write your words";
pub const MAKE_PICTURES: &str = "Make pictures";
pub const OTHER_PICTURES: &str = "Other pictures";
pub const OTHER_PICTURES_FOR: &str = "Other pictures for";
pub const SEE_GROUPS: &str = "See picture groups";
pub const HIDE_GROUPS: &str = "Close picture groups";
pub const PICTURE_GROUPS: &str = "Picture groups";
pub const BACK_TO_GROUPS: &str = "Back to groups";
pub const TAKE_PHOTO: &str = "Take a photo";
pub const CHOOSE_PHOTO: &str = "Choose a photo";
pub const SENDING_PHOTO: &str = "Sending your photo";
pub const PHOTO_WORDS: &str = "Words for your photo";
pub const PHOTO_NEEDS_WORDS: &str = "Write what the photo shows. Then tap Add photo.";
pub const ADD_PHOTO: &str = "Add photo";
pub const UNDO: &str = "Undo";
pub const TIPS: &str = "Tips for easy read";
pub const ALL_EASY: &str = "Your words are easy to read.";
pub const ROOM_LEFT: &str = "Room left";
pub const CHECKS_MISSING: &str = "The tips did not come.";
pub const PAGE_MISSING: &str = "This page did not come.";
pub const GROUPS_MISSING: &str = "The picture groups did not come.";
pub const TILE_TOOLS_MISSING: &str = "The tools for this picture did not come.";
pub const CARD_MISSING: &str = "Your card did not come.";
pub const TAKE_DOWN_MISSING: &str = "The question did not come.";
pub const CHECK_AND_TRY_AGAIN: &str = "Check the internet. Then tap Try again.";
pub const PHOTO_NOT_SENT: &str = "We could not send your photo.";
pub const CHECK_AND_CHOOSE_AGAIN: &str = "Check the internet. Then choose your photo again.";
pub const TRY_AGAIN: &str = "Try again";
pub const ROOM_FITS: &str = "Fits.";
pub const ROOM_NEARLY_FULL: &str = "Nearly full.";
pub const ROOM_TOO_LONG: &str = "Too long. Take out some words.";
pub const ROOM_ANY_LENGTH: &str = "Any length fits.";
pub const OUR_FEED: &str = "Our feed";
pub const SEE_CARD: &str = "See my card";
pub const HIDE_CARD: &str = "Close my card";
pub const MY_CARD: &str = "My card";
pub const MY_WORDS: &str = "My words";
pub const MY_WORDS_OF: &str = "My words of";
pub const MY_FAVOURITES: &str = "My favourites";
pub const USED_LATELY: &str = "Used lately";
pub const KEEP: &str = "Keep";
pub const KEEP_AS_FAVOURITE: &str = "Keep as a favourite:";
pub const WORDS_FOR_PEOPLE: &str = "Words for people";
pub const FILL_MY_WORDS: &str = "Fill My words";
pub const CHOOSE_PERSON: &str = "Choose a person";
pub const BOARD_WORD: &str = "Words for this picture";
pub const ADD_TO_MY_WORDS: &str = "Add to My words";
pub const TAKE_OFF: &str = "Take off";
pub const BOARD_EMPTY: &str = "This board is empty. Add pictures below.";
pub const READ_MY_POST: &str = "Read my post";
pub const SEND_TO_SUPPORTER: &str = "Send to my supporter";
pub const SAVING: &str = "Saving your post.";
pub const SAVED: &str = "We saved your post.";
pub const NOT_SAVED: &str = "We could not save your post yet. We will try again.";
pub const SENT: &str = "Sent. Your supporter will check your post.";
pub const SUPPORTER_SAYS: &str = "Your supporter says:";
pub const READ_ALOUD: &str = "Read aloud";
pub const PHOTO_DID_NOT_WORK: &str = "This picture did not work. Try another one.";
pub const PHOTO_TOO_BIG: &str = "This picture is too big. Try a smaller one.";
pub const CANNOT_CHANGE: &str = "You can read this post. You cannot change it now.";

pub const STATUS_DRAFT: &str = "Not sent yet";
pub const STATUS_SUBMITTED: &str = "With your supporter";
pub const STATUS_CHANGES: &str = "Sent back to you. Please look at it.";
pub const STATUS_AWAITING_AUTHOR: &str = "Your supporter has new words. Please look.";
pub const STATUS_APPROVED: &str = "Said yes. Going out soon.";
pub const STATUS_SCHEDULED: &str = "Said yes. Waiting for its time.";
pub const STATUS_PUBLISHING: &str = "Going out now";
pub const STATUS_PUBLISHED: &str = "Live on the feed";
pub const STATUS_FAILED: &str = "Did not go out. We will try again.";
pub const STATUS_WITHDRAWN: &str = "You took this post back";

pub const NOTHING_TO_CHECK: &str = "There are no posts to check now.";
pub const POST_BY: &str = "Post by";
pub const APPROVE: &str = "Approve";
pub const ASK_FOR_CHANGES: &str = "Ask for changes";
pub const WHAT_TO_CHANGE: &str = "What to change";
pub const YOUR_OWN_POST: &str = "You wrote this post. Someone else must check it.";
pub const APPROVED_DONE: &str = "Approved. The post is on the feed.";
pub const CHANGES_ASKED: &str = "Sent back to the author.";
pub const FEEDBACK_NEEDED: &str = "Pick a card or write what to change.";

pub const FEED_NEED_HELP: &str = "Need help? Visit";
pub const FEED_EMPTY: &str = "There are no posts yet.";
pub const FEED_ATOM: &str = "Follow this feed";
pub const NOT_FOUND_PAGE: &str = "We cannot find this page.";
pub const GO_HOME: &str = "Go to the start";
pub const LOADING: &str = "Loading.";

pub const ERR_SIGN_IN: &str = "Please sign in first.";
pub const ERR_NOT_ALLOWED: &str = "You cannot do this. Ask your supporter.";
pub const ERR_OWN_POST: &str = "You wrote this post. Someone else must check it.";
pub const ERR_NOT_FOUND: &str = "We cannot find this post.";
pub const ERR_NOT_NOW: &str = "This post has moved on. Load the page again.";
pub const ERR_SERVER: &str = "Something went wrong. Please try again.";
pub const ERR_NETWORK: &str = "We could not reach Our Voice. Check the internet. Then try again.";
pub const ERR_TOO_MANY_TILES: &str = "Your post has lots of pictures. Take some out.";
pub const ERR_WORD_TOO_LONG: &str = "These words are long. Use fewer words.";
pub const ERR_EMPTY_WORD: &str = "Each picture needs a word.";
pub const ERR_BAD_SYMBOL: &str = "We do not know this picture. Pick another one.";
pub const ERR_EMPTY_POST: &str = "Add a picture first.";
pub const ERR_TOO_MANY_WORDS: &str = "That is a lot of words. Try fewer words.";
pub const ERR_BOARD_FULL: &str = "This board is full. Take some pictures off first.";
pub const HEARING_TITLE: &str = "Reading aloud";
pub const HEARING_INTRO: &str = "Choose how Our Voice reads to you.";
pub const OPEN_HEARING: &str = "Reading aloud";
pub const WHOSE_SETTINGS: &str = "Who is this for?";
pub const MY_OWN_SETTINGS: &str = "Me";
pub const WHICH_VOICE: &str = "Which voice reads to me?";
pub const VOICE_AUTO: &str = "Let Our Voice choose";
pub const USE_TABLET_VOICE: &str = "Use the tablet's voice";
pub const USE_OUR_VOICE: &str = "Use Our Voice's voice";
pub const NO_TABLET_VOICE: &str = "This tablet has no voice. Our Voice will read to you.";
pub const OUR_VOICES: &str = "Our Voice's voices";
pub const HOW_FAST: &str = "How fast?";
pub const SLOWER: &str = "Slower";
pub const NORMAL_SPEED: &str = "Normal";
pub const FASTER: &str = "Faster";
pub const WHEN_TO_SPEAK: &str = "When to speak";
pub const SPEAK_ON_TAP: &str = "Speak when I tap a picture";
pub const HIGHLIGHT_WORDS: &str = "Light up each word as I hear it";
pub const TRY_IT: &str = "Try it";
pub const TRY_SENTENCE: &str = "Hello. This is how I will sound.";
pub const SAVE_SETTINGS: &str = "Save";
pub const SETTINGS_SAVED: &str = "We saved the settings.";
pub const STOP_READING: &str = "Stop";
pub const SIGN_IN_WAIT: &str = "Too many tries. Wait 15 minutes. Then try again.";
pub const SIGN_IN_BUSY: &str = "Lots of people are signing in. Try again in a moment.";
pub const PHOTO_CONSENT_TITLE: &str = "Photos";
pub const PHOTO_CONSENT_INTRO: &str = "Ask: did everyone in the photo say yes to sharing it?";
pub const PHOTO_CONSENT: &str = "Everyone in this photo said yes";
pub const PHOTO_CONSENT_FIRST: &str = "Tick Everyone in this photo said yes first.";
pub const TAKE_BACK: &str = "Take my post back";
pub const TAKE_BACK_SURE: &str = "Take it back? Your supporter will not see it.";
pub const TAKE_BACK_YES: &str = "Yes, take it back";
pub const TAKE_BACK_NO: &str = "No, leave it";
pub const TAKEN_BACK: &str = "You took your post back.";
pub const PICK_FEEDBACK: &str = "Pick feedback";
pub const PRIVATE_DETAILS: &str = "Private details";
pub const PRIVATE_DETAILS_NOTE: &str = "Some words may be private. A supporter will check them.";
pub const DETAILS_TITLE: &str = "Personal details";
pub const DETAILS_INTRO: &str = "This post may share private details. Check them with the author.";
pub const DETAIL_PHONE: &str = "This looks like a phone number.";
pub const DETAIL_EMAIL: &str = "This looks like an email address.";
pub const DETAIL_POSTCODE: &str = "This looks like a postcode.";
pub const DETAIL_ADDRESS: &str = "This looks like a home address.";
pub const DETAIL_NHS_NUMBER: &str = "This looks like a National Health Service (NHS) number.";
pub const DETAIL_DATE_OF_BIRTH: &str = "This looks like someone's date of birth.";
pub const DETAIL_FULL_NAME: &str = "This looks like a person's full name.";
pub const I_HAVE_CHECKED: &str = "I have checked this";
pub const CHECK_DETAILS_FIRST: &str = "Check the private details. Then tick I have checked this.";
pub const SPEECH_TOO_LONG: &str = "That is a lot to read aloud at once. Try fewer words.";
pub const SPEECH_UNREADABLE: &str = "We could not read that. Please try again.";
pub const SPEECH_EMPTY: &str = "There are no words to read aloud.";
pub const SPEECH_UNKNOWN_VOICE: &str = "We do not have that voice. Choose another one.";
pub const SPEECH_UNKNOWN_SPEED: &str = "Choose slower, normal or faster.";
pub const SPEECH_BUSY: &str = "Lots of people are listening now. Try again in a moment.";
pub const SPEECH_BROKEN: &str = "Our Voice cannot read aloud now. Use the tablet's voice.";
pub const ERR_FEEDBACK_TOO_LONG: &str = "This is long. Use fewer words.";
pub const ERR_ONE_OR_TWO: &str = "Choose 1 or 2 people.";
pub const ADMIN_TITLE: &str = "Run your accounts";
pub const GO_TO_ADMIN: &str = "Run the account";
pub const TWO_APPROVALS: &str = "2 supporters must say yes to each post";
pub const RULES_SAVED: &str = "We saved the rule.";
pub const SEE_LOG: &str = "See what happened";
pub const ACCOUNT_LOG: &str = "What happened";
pub const LOG_EMPTY: &str = "Nothing has happened yet.";
pub const POST_STORY: &str = "The story of this post";
pub const SEE_STORY: &str = "See the story";
pub const VERSIONS: &str = "Every version of the words";
pub const VERSION: &str = "Version";
pub const STEPS: &str = "Every step";
pub const VERSION_SENT: &str = "sent by";
pub const VERSION_SUGGESTED: &str = "new words from";
pub const RULE_APPROVALS: &str = "Supporters who must say yes:";
pub const STEP_ONE_YES: &str = "Said yes. Waiting for 1 more yes.";
pub const STEP_DRAFT: &str = "Changed the draft";
pub const STEP_SUBMITTED: &str = "Sent to check";
pub const STEP_CHANGES: &str = "Sent back";
pub const STEP_AWAITING: &str = "Asked the author about new words";
pub const STEP_APPROVED: &str = "Said yes";
pub const STEP_SCHEDULED: &str = "Set a time";
pub const STEP_PUBLISHING: &str = "Started to send it out";
pub const STEP_PUBLISHED: &str = "Put it live";
pub const STEP_FAILED: &str = "It did not go out";
pub const STEP_WITHDRAWN: &str = "Took it back";
pub const TAP_THREE_PICTURES: &str = "Tap 3 pictures in your order.";
pub const CHOSEN: &str = "Chosen:";
pub const START_AGAIN: &str = "Start again";
pub const SIGN_IN_WITH_PICTURES: &str = "Sign in with pictures";
pub const USE_PICTURES: &str = "Use pictures to sign in";
pub const USE_PASSWORD: &str = "Use a password to sign in";
pub const PICTURES_FAILED: &str = "That did not work. Check your name and pictures. Try again.";
pub const CARD_SIGN_IN: &str = "Sign in with your card";
pub const CARD_DOES_NOT_WORK: &str = "This card does not work. Ask your supporter for a new card.";
pub const CARD_TAP: &str = "Tap the button to sign in.";
pub const SIGN_IN_WITH_CARD: &str = "Sign in with my card";
pub const EASY_SIGN_IN: &str = "Easy sign-in";
pub const PICTURE_PASSWORD_FOR: &str = "Picture password for";
pub const PICTURE_PASSWORD_INTRO: &str = "Pick 3 pictures together. Tap them in order to sign in.";
pub const SAVE_PICTURES: &str = "Save the pictures";
pub const PICTURES_SAVED: &str = "We saved the pictures.";
pub const SIGN_IN_CARDS_FOR: &str = "Sign-in cards for";
pub const SIGN_IN_CARD_INTRO: &str = "Print a card. The person scans it on a tablet to sign in.";
pub const CARD_ONE_DAY: &str = "Card for 1 day";
pub const CARD_FOR: &str = "Card for";
pub const DAYS: &str = "days";
pub const CARDS_MADE: &str = "Cards made";
pub const MADE_BY: &str = "Made by";
pub const USE_BY: &str = "Use by";
pub const STOP_CARD: &str = "Stop this card";
pub const CARD_STOPPED: &str = "Stopped. This card does not work now.";
pub const QR_TO_SIGN_IN: &str = "Scan to sign in as";
pub const CARD_MADE: &str = "We made the card. Print it now. We show it only once.";
pub const PRINT_CARD: &str = "Print the card";
pub const ERR_EASY_SIGN_IN_ONLY: &str = "Only co-producers sign in with pictures or cards.";
pub const ERR_THREE_PICTURES: &str = "Tap 3 different pictures from the grid.";
pub const ERR_CARD_DAYS: &str = "Choose 1, 7 or 30 days.";
pub const MESSAGES: &str = "Messages";
pub const NEW: &str = "new";
pub const NO_MESSAGES: &str = "You have no messages.";
pub const NOTE_WAITING: &str = "A new post waits for your check.";
pub const NOTE_SENT_BACK: &str = "Your supporter sent your post back. Please look at it.";
pub const NOTE_NEW_WORDS: &str = "Your supporter has new words for your post. Say yes or no.";
pub const NOTE_APPROVED: &str = "Your supporter said yes to your post.";
pub const NOTE_PUBLISHED: &str = "Your post is live now.";
pub const NOTE_PICTURES_SET: &str = "gave new sign-in pictures to";
pub const NOTE_CARD_MADE: &str = "made a sign-in card for";
pub const NOTE_PICTURES_LOCKED: &str = "10 wrong tries today. Their pictures do not work now.";
pub const NOTE_SIGN_IN_NEWS: &str = "News about easy sign-in";
pub const PICTURES_LOCKED: &str = "Your pictures do not work now. Ask your supporter for help.";
pub const PICTURES_ARE_LOCKED: &str = "These pictures do not work now. Too many wrong tries.";
pub const UNLOCK_PICTURES: &str = "Unlock the pictures";
pub const PICTURES_NOT_THIS_TABLET: &str = "Pictures do not work here. Ask your supporter.";
pub const TABLETS_TITLE: &str = "Tablets for sign-in pictures";
pub const TABLETS_INTRO: &str = "Sign-in pictures work only on tablets you set up here.";
pub const USE_PICTURES_HERE: &str = "Use pictures on this tablet";
pub const TABLET_READY: &str = "Pictures work on this tablet now.";
pub const TABLETS_SET_UP: &str = "Tablets set up";
pub const NO_TABLETS: &str = "You can set up this tablet first.";
pub const THIS_TABLET: &str = "This tablet";
pub const SET_UP_BY: &str = "Set up by";
pub const STOP_TABLET: &str = "Stop pictures on this tablet";
pub const STOP_THAT_TABLET: &str = "Stop pictures on that tablet";
pub const PICTURES_UNLOCKED: &str = "We unlocked the pictures.";
pub const PROFILE_TITLE: &str = "How they like information";
pub const PROFILE_INTRO: &str = "Ask the person. Tick what helps them.";
pub const PROFILE_LIKES: &str = "They like";
pub const PROFILE_EASY_READ: &str = "Easy read";
pub const PROFILE_SYMBOLS: &str = "Pictures with words";
pub const PROFILE_READ_ALOUD: &str = "Words read aloud";
pub const PROFILE_LARGE_TEXT: &str = "Large writing";
pub const SAVE_PROFILE: &str = "Save how they like information";
pub const PROFILE_SAVED: &str = "We saved how they like information.";
pub const ERR_ALREADY_APPROVED: &str = "You said yes already. Someone else must say yes too.";
pub const ERR_SAME_WORDS: &str = "Change some words first. Then send them.";
pub const ERR_SUGGEST_PICTURES: &str = "Use the pictures in the post.";
pub const APPROVED_ONCE: &str = "You said yes. 1 more supporter must say yes too.";
pub const ONE_MORE_YES: &str = "1 supporter said yes. 1 more must say yes.";
pub const SUGGEST_WORDS: &str = "Suggest other words";
pub const CLOSE_SUGGESTION: &str = "Close new words";
pub const NEW_WORDS_INTRO: &str = "Change the words. The author will say yes or no.";
pub const SEND_SUGGESTION: &str = "Ask the author";
pub const SUGGESTION_SENT: &str = "Sent to the author. They will say yes or no.";
pub const NEW_WORDS: &str = "New words";
pub const YOUR_WORDS: &str = "Your words";
pub const NEW_WORDS_FROM: &str = "Your supporter has new words for your post. Listen to both.";
pub const POST_THIS: &str = "Yes, post this";
pub const KEEP_MINE: &str = "No, keep mine";
pub const NEW_WORDS_TAKEN: &str = "Thank you. We will use the new words.";
pub const OWN_WORDS_KEPT: &str = "Thank you. We will keep your words.";

#[cfg(test)]
mod tests {
    use crate::domain::easy_read::check;

    /// The catalogue's files.
    const FILES: [&str; 3] = [
        include_str!("mod.rs"),
        include_str!("publishing.rs"),
        include_str!("running.rs"),
    ];

    /// Every `pub const NAME: &str = "…";` in the catalogue.
    fn every_string() -> Vec<(&'static str, &'static str)> {
        FILES
            .iter()
            .flat_map(|file| file.lines())
            .filter_map(|line| line.strip_prefix("pub const "))
            .filter_map(|rest| {
                let (name, rest) = rest.split_once(": &str = \"")?;
                Some((name, rest.strip_suffix("\";")?))
            })
            .collect()
    }

    #[test]
    fn every_string_is_found() {
        let strings = every_string();
        let lines = FILES
            .iter()
            .flat_map(|file| file.lines())
            .filter(|l| l.starts_with("pub const "))
            .count();
        assert_eq!(strings.len(), lines, "a string is not on one line");
        assert!(strings.len() > 50);
    }

    #[test]
    fn the_app_speaks_easy_read() {
        // The credit line names the symbol sets and their licence as their
        // owners write them; it is a legal notice, not advice.
        let failures: Vec<String> = every_string()
            .into_iter()
            // The note to an author whose post came down is the product's
            // agreed wording: it says what happened, not who to blame.
            .filter(|(name, _)| !matches!(*name, "SYMBOL_CREDIT" | "TAKEN_DOWN_NOTE"))
            .flat_map(|(name, text)| {
                check(text)
                    .into_iter()
                    .map(move |hint| format!("{name}: {:?} {}", hint.rule, hint.text))
            })
            .collect();
        assert!(failures.is_empty(), "{failures:#?}");
    }
}
