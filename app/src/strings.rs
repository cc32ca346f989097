//! Every word the app shows or says, in one place, in easy-read:
//! short sentences, everyday words, saying what to do.

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

// Publishing to Mastodon and Bluesky.
pub const CONNECTIONS_TITLE: &str = "Connected accounts";
pub const CONNECTIONS_INTRO: &str = "Posts go out to these places after a supporter says yes.";
pub const CONNECTIONS_NONE: &str = "No places yet. Posts go to the Our Voice page only.";
pub const CONNECT_MASTODON: &str = "Connect Mastodon";
pub const CONNECT_BLUESKY: &str = "Connect Bluesky";
pub const SERVER_ADDRESS: &str = "Server address";
pub const ACCESS_TOKEN: &str = "Access token";
pub const HANDLE: &str = "Handle";
pub const APP_PASSWORD: &str = "App password";
pub const CONNECTED_AS: &str = "Posts go out as";
pub const CONNECTION_OK: &str = "Working.";
pub const NEEDS_RECONNECTING: &str = "Not working. Connect it again with a new key.";
pub const REMOVE_PLACE: &str = "Take this off";
pub const TAKEN_OFF: &str = "Taken off. Posts will not go there now.";
pub const HASHTAGS_TITLE: &str = "Hashtags";
pub const REPORT_TITLE: &str = "How posts went";
pub const SIGN_OFF_TITLE: &str = "End-of-day sign-off";
pub const SIGN_OFF_APPROVED: &str = "Approved. It goes out at the end of each day with posts.";
pub const SIGN_OFF_INTRO: &str = "Write how you say goodbye each day. A supporter checks it.";
pub const SIGN_OFF_WORDS: &str = "These words go out:";
pub const SIGN_OFF_GOES_AT: &str = "They go out at";
pub const SIGN_OFF_ON_DAYS: &str = "on days the account posts.";
pub const SIGN_OFF_NONE: &str = "No sign-off yet.";
pub const SIGN_OFF_WAITING: &str = "A new sign-off waits for a yes. Open it.";
pub const SIGN_OFF_WRITE: &str = "Write a sign-off";
pub const SIGN_OFF_TIME: &str = "Time to send it";
pub const SIGN_OFF_SAVE_TIME: &str = "Save the time";
pub const SIGN_OFF_TIME_SAVED: &str = "We saved the time.";
pub const SIGN_OFF_BAD_TIME: &str = "Choose a time, like 17:00.";
pub const SIGN_OFF_THIS: &str = "This is the sign-off. It goes out each day you post.";
pub const RESPONSES_ON: &str = "Answers on";
pub const REPORT_APPROVED: &str = "posts got a yes from a supporter.";
pub const REPORT_WAIT: &str = "Most posts wait about";
pub const REPORT_WAIT_END: &str = "for a yes.";
pub const REPORT_NO_YES: &str = "No posts got a yes yet.";
pub const REPORT_TABLE: &str = "Posts and answers for each author";
pub const REPORT_AUTHOR: &str = "Author";
pub const REPORT_POSTS: &str = "Posts";
pub const REPORT_REPLIES: &str = "Replies";
pub const REPORT_SHARES: &str = "Shares";
pub const REPORT_LIKES: &str = "Likes";
pub const REPORT_ALL: &str = "All authors";
pub const HASHTAGS_INTRO: &str = "Hashtags help people find posts. Make a set for each event.";
pub const HASHTAGS_NONE: &str = "No hashtags yet.";
pub const ADD_HASHTAGS: &str = "Add hashtags";
pub const HASHTAGS_EVENT: &str = "What are they for?";
pub const HASHTAGS_EVENT_EXAMPLE: &str = "Board meeting";
pub const HASHTAGS_TAGS: &str = "The hashtags";
pub const HASHTAGS_SAVED: &str = "We saved the hashtags.";
pub const HASHTAGS_TAKEN_OFF: &str = "Taken off. Authors will not see these hashtags now.";
pub const HASHTAGS_NO_EVENT: &str = "Write what the hashtags are for.";
pub const HASHTAGS_EVENT_LONG: &str = "Make the name shorter. Use 60 letters or less.";
pub const HASHTAGS_NONE_WRITTEN: &str = "Write at least 1 hashtag, like #Leeds.";
pub const HASHTAGS_TOO_MANY: &str = "Use 6 hashtags or less.";
pub const HASHTAGS_BAD: &str = "Use letters and numbers only. Put a space between hashtags.";
pub const HASHTAGS_FULL: &str = "This account has 30 sets. Take a set off first.";
pub const CONNECTED: &str = "Connected. New posts will go out there.";
pub const CONNECT_REFUSED: &str = "That server said no. Check the name and the key.";
pub const CONNECT_UNREACHABLE: &str = "We could not reach that server. Check the address.";
pub const CONNECT_BAD_ADDRESS: &str = "Write the server address, like https://mastodon.social";
pub const CONNECT_FILL_IN: &str = "Fill in every box first.";
pub const TARGET_LIVE: &str = "Live on";
pub const TARGET_WAITING: &str = "Waiting";
pub const TARGET_RETRYING: &str = "Did not work: we will try again";
pub const TARGET_FAILED: &str = "Did not go out. Ask your supporter.";
pub const TARGET_STOPPED: &str = "Not going out. An admin took this place off.";
pub const TARGETS_TITLE: &str = "Where your post goes";
pub const SEE_IT_THERE: &str = "See it there";
pub const RECONNECT_NOTE: &str = "A place stopped taking posts. An admin must connect it again.";

// Scheduling and the week view.
pub const POST_LATER: &str = "Post later at";
pub const POST_LATER_HINT: &str = "Leave the time empty to post now. Use the account's time.";
pub const TIME_PASSED: &str = "That time has passed. Pick a later time.";
pub const TIME_TOO_FAR: &str = "Pick a time in the next 8 weeks.";
pub const TIME_CLOCKS_FORWARD: &str = "The clocks go forward at that time. Pick another time.";
pub const TIME_UNREADABLE: &str = "Pick a day and a time.";
pub const APPROVED_LATER: &str = "Approved. It will go out at the time you picked.";
pub const GOES_OUT_ON: &str = "It will go out on";
pub const WEEK_TITLE: &str = "Posts this week";
pub const WEEK_NONE: &str = "No posts on this day.";
pub const LAST_WEEK: &str = "Week before";
pub const NEXT_WEEK: &str = "Week after";
pub const THIS_WEEK: &str = "This week";
pub const WENT_OUT: &str = "Went out";
pub const GOES_OUT: &str = "Goes out";

// Running a service: first start, accounts, people.
pub const WELCOME_TITLE: &str = "Welcome to Our Voice";
pub const WELCOME_HELLO: &str = "Hello";
pub const WELCOME_INTRO: &str = "Choose your password. Use 10 letters or more.";
pub const NEW_PASSWORD: &str = "New password";
pub const SAVE_PASSWORD: &str = "Save my password";
pub const WELCOME_USED: &str = "This link was used already. Sign in with your password.";
pub const WELCOME_EXPIRED: &str = "This link is too old. Ask your admin for a new link.";
pub const WELCOME_UNKNOWN: &str = "This link does not work. Ask your admin for a new link.";
pub const PASSWORD_TOO_SHORT: &str = "Your password is short. Use 10 letters or more.";
pub const PASSWORD_TOO_LONG: &str = "Your password is long. Use 200 letters or less.";
pub const ACCOUNTS_TITLE: &str = "Service accounts";
pub const ACCOUNTS_INTRO: &str = "Each account has its own feed, people and rules.";
pub const ADD_ACCOUNT: &str = "Add an account";
pub const ACCOUNT_NAME: &str = "Name";
pub const HELP_LINK: &str = "Help link";
pub const TIME_ZONE: &str = "Time zone";
pub const ADD_THIS_ACCOUNT: &str = "Add this account";
pub const ACCOUNT_ADDED: &str = "We added the account. You are its admin.";
pub const WEB_ADDRESS: &str = "Web address";
pub const CHANGE_ACCOUNT: &str = "Change this account";
pub const SAVE_ACCOUNT: &str = "Save the changes";
pub const ACCOUNT_SAVED: &str = "We saved the account.";
pub const CLOSE_ACCOUNT: &str = "Close this account";
pub const CLOSE_ACCOUNT_ASK: &str = "Close this account? It takes no new posts. Its feed stays.";
pub const YES_CLOSE: &str = "Yes, close it";
pub const NO_KEEP_OPEN: &str = "No, keep it open";
pub const ACCOUNT_CLOSED: &str = "This account is closed. It takes no new posts.";
pub const ACCOUNT_CLOSED_NOTE: &str = "This account is closed. Its old posts stay here.";
pub const NAME_NEEDED: &str = "Write a name.";
pub const NAME_TOO_LONG: &str = "Make the name shorter. Use 80 letters or less.";
pub const BAD_USER_NAME: &str = "Use 2 to 40 small letters or numbers for the user name.";
pub const BAD_HELP_LINK: &str = "Write the help link, like https://example.org/help";
pub const BAD_TIME_ZONE: &str = "Pick a time zone from the list, like Europe/London.";
pub const USER_NAME_TAKEN: &str = "Someone has that user name. Try another one.";
pub const PEOPLE_TITLE: &str = "People";
pub const PEOPLE_INTRO: &str = "Add people and give them a role on an account.";
pub const ADD_PERSON: &str = "Add a person";
pub const PERSON_NAME: &str = "Name";
pub const ACCOUNT: &str = "Account";
pub const ROLE: &str = "Role";
pub const ROLE_CO_PRODUCER: &str = "Co-producer";
pub const ROLE_SUPPORTER: &str = "Supporter";
pub const ROLE_ADMIN: &str = "Admin";
pub const ADD_THIS_PERSON: &str = "Add this person";
pub const GIVE_LINK_TO: &str = "Give this link to";
pub const LINK_WORKS_ONCE: &str = "It works once, for 24 hours. They choose a password with it.";
pub const NEW_WELCOME_LINK: &str = "Make a new welcome link";
pub const GIVE_ROLE: &str = "Give a role";
pub const GIVE_THIS_ROLE: &str = "Give this role";
pub const ROLE_GIVEN: &str = "We gave the role.";
pub const TAKE_ROLE: &str = "Take this role away";
pub const ROLE_TAKEN: &str = "We took the role away.";
pub const LAST_ROLE: &str = "This is their last role. Stop their access instead.";
pub const LAST_ADMIN: &str = "Each account needs an admin. Make someone else admin first.";
pub const STOP_ACCESS: &str = "Stop this person's access";
pub const STOP_ACCESS_ASK: &str = "Stop their access? They sign out at once. Posts stay.";
pub const YES_STOP: &str = "Yes, stop it";
pub const ACCESS_STOPPED: &str = "We stopped their access.";
pub const ACCESS_IS_STOPPED: &str = "Access stopped. They cannot sign in.";
pub const GIVE_ACCESS_BACK: &str = "Let this person sign in again";
pub const ACCESS_BACK: &str = "They can sign in again.";
pub const REMOVE_PERSON: &str = "Remove this person";
pub const REMOVE_PERSON_ASK: &str = "Remove them? We delete their drafts, photos and details.";
pub const YES_REMOVE: &str = "Yes, remove them";
pub const NO_GO_BACK: &str = "No, go back";
pub const PERSON_REMOVED: &str = "We removed the person and their details.";
pub const GET_DATA: &str = "Get this person's data";
pub const NOT_YOURSELF: &str = "You cannot do this to yourself. Ask another admin.";
pub const NOT_ALL_YOUR_ACCOUNTS: &str = "They are on an account you do not run. Ask its admin.";
pub const A_MEMBER_OF: &str = "A member of";
pub const FROM: &str = "from";
pub const PUBLIC_NAME_TITLE: &str = "My name on the feed";
pub const PUBLIC_NAME_INTRO: &str = "The feed shows your posts. You choose if it shows your name.";
pub const PUBLIC_NAME_LABEL: &str = "Name to show";
pub const PUBLIC_NAME_NONE: &str = "Now the feed shows no name. It says:";
pub const PUBLIC_NAME_SHOWN: &str = "Now the feed shows:";
pub const SAVE_PUBLIC_NAME: &str = "Show this name";
pub const PUBLIC_NAME_SAVED: &str = "We saved it.";
pub const NO_PUBLIC_NAME: &str = "Show no name";
pub const PUBLIC_NAME_TOO_LONG: &str = "Use a short name. Use 30 letters or less.";
pub const PUBLIC_NAME_PRIVATE: &str = "Use a first name or a nickname. No surname or phone.";
pub const SOMEONE_WHO_LEFT: &str = "A person who left";
pub const NO_PASSWORD_YET: &str = "No password yet.";
pub const PEOPLE_AND_ACCOUNTS: &str = "People and accounts";
pub const LOG_ADDED_PERSON: &str = "Added a person";
pub const LOG_GAVE_ROLE: &str = "Gave a role";
pub const LOG_TOOK_ROLE: &str = "Took a role away";
pub const LOG_STOPPED: &str = "Stopped access";
pub const LOG_ACCESS_BACK: &str = "Gave access back";
pub const LOG_REMOVED: &str = "Removed a person";
pub const LOG_WELCOME: &str = "Made a welcome link";
pub const LOG_DATA: &str = "Got a person's data";
pub const LOG_PICTURES: &str = "Gave new sign-in pictures";
pub const LOG_CARD: &str = "Made a sign-in card";
pub const LOG_PICTURES_LOCKED: &str = "Sign-in pictures locked after wrong tries";
pub const LOG_PICTURES_UNLOCKED: &str = "Unlocked sign-in pictures";
pub const LOG_TABLET_SET_UP: &str = "Set up a tablet for sign-in pictures";
pub const LOG_TABLET_STOPPED: &str = "Stopped sign-in pictures on a tablet";
pub const LOG_ACCOUNT_ADDED: &str = "Added the account";
pub const LOG_ACCOUNT_CHANGED: &str = "Changed the account";
pub const LOG_ACCOUNT_CLOSED: &str = "Closed the account";
pub const LOG_SET_UP: &str = "Set up Our Voice";
pub const STATUS_TAKEN_DOWN: &str = "Taken down. It is off the feed and off every network.";
pub const STEP_TAKEN_DOWN: &str = "Took it down";
pub const TAKE_DOWN: &str = "Take this post down";
pub const TAKE_DOWN_ASK: &str = "Take this post down? It leaves the feed and every network.";
pub const TAKE_DOWN_WHY: &str = "Why? Say it in a few words.";
pub const YES_TAKE_DOWN: &str = "Yes, take it down";
pub const TAKE_DOWN_DONE: &str = "Done. The post is off the feed. Networks follow soon.";
pub const TAKE_DOWN_NEEDS_WHY: &str = "Write why you take it down.";
pub const TAKEN_DOWN_NOTE: &str = "Your post was taken down.";
pub const WILL_TALK: &str = "will talk to you about it.";
pub const TARGET_TAKING_OFF: &str = "Coming off";
pub const TARGET_TAKEN_OFF: &str = "Taken off";

#[cfg(test)]
mod tests {
    use crate::domain::easy_read::check;

    /// Every `pub const NAME: &str = "…";` in this file.
    fn every_string() -> Vec<(&'static str, &'static str)> {
        include_str!("strings.rs")
            .lines()
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
        let lines = include_str!("strings.rs")
            .lines()
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
