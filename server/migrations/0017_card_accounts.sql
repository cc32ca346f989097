-- The accounts a sign-in card signs in to: those the supporter who made it
-- shared with its person. A card session sees only those accounts' work.
create table signin_card_account (
    signin_card_id text not null references signin_card (signin_card_id),
    service_account_id text not null references service_account (service_account_id),
    primary key (signin_card_id, service_account_id)
);

-- Cards made before: the accounts their maker checked and shared with the
-- person.
insert into signin_card_account (signin_card_id, service_account_id)
select c.signin_card_id, m.service_account_id
from signin_card c
join membership m on m.person_id = c.person_id
join membership s on s.person_id = c.made_by
    and s.service_account_id = m.service_account_id
    and s.role in ('supporter', 'admin');
