-- Each person's favourite pictures, the pictures they used lately, and the
-- "My words" board a supporter fills for an author.
create table favourite (
    person_id text not null references person (person_id),
    symbol_set text not null,
    symbol_id text not null,
    word text not null,
    created_at bigint not null,
    primary key (person_id, symbol_set, symbol_id)
);

create table recent_symbol (
    person_id text not null references person (person_id),
    symbol_set text not null,
    symbol_id text not null,
    word text not null,
    used_at bigint not null,
    primary key (person_id, symbol_set, symbol_id)
);

create table my_word (
    my_word_id text primary key,
    person_id text not null references person (person_id),
    symbol_set text not null,
    symbol_id text not null,
    word text not null,
    added_by text not null references person (person_id),
    created_at bigint not null
);
create index my_word_by_person on my_word (person_id, created_at);
