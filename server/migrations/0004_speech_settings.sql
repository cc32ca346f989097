-- How each person hears things: voice, speed, speaking on tap, highlight.
-- Kept as one JSON document (app::domain::speech::SpeechSettings).
create table speech_setting (
    person_id text primary key references person (person_id),
    settings text not null,
    updated_by text not null references person (person_id),
    updated_at bigint not null
);
