-- How each person likes information (easy read, symbols, read aloud, large
-- text), recorded by a supporter. One JSON document
-- (app::domain::profile::Profile).
create table communication_profile (
    person_id text primary key references person (person_id),
    profile text not null,
    updated_by text not null references person (person_id),
    updated_at bigint not null
);
