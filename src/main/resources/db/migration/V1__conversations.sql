-- Conversations and their members. Portable between H2 (embedded default) and PostgreSQL (cluster).
create table conversation (
    id          uuid                     primary key,
    title       varchar(200)             not null,
    created_by  varchar(64)              not null,
    created_at  timestamp with time zone not null
);

create table conversation_member (
    conversation_id uuid        not null references conversation (id) on delete cascade,
    username        varchar(64) not null,
    primary key (conversation_id, username)
);

-- "my conversations" and presence fan-out look conversations up by member
create index conversation_member_by_username on conversation_member (username);
