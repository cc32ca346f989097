-- Who added each photo. A photo in no published post is shown only to the
-- people who added it and to the people who may read a post that shows it.
create table photo_upload (
    photo_id text not null,
    person_id text not null references person (person_id),
    created_at bigint not null,
    primary key (photo_id, person_id)
);
create index photo_upload_person on photo_upload (person_id);
