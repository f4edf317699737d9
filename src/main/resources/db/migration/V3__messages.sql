-- Every accepted message is stored before it is broadcast, with a per-conversation seq: 1, 2, 3 ... without gaps.
-- A writer locks its conversation row, takes last_seq + 1 and inserts in one transaction, so writers on any node
-- are serialized per conversation, and a rolled-back write gives its seq back.
alter table conversation add column last_seq bigint default 0 not null;

create table message (
    conversation_id   uuid                     not null references conversation (id) on delete cascade,
    seq               bigint                   not null,
    id                uuid                     not null,
    sender            varchar(64)              not null,
    sender_type       varchar(16)              not null,
    content           varchar                  not null,
    sent_at           timestamp with time zone not null,
    client_message_id varchar(100),
    primary key (conversation_id, seq)
);
create unique index message_by_id on message (id);
-- idempotent sends: one message per (conversation, sender, clientMessageId); NULL ids never collide
create unique index message_by_client_id on message (conversation_id, sender, client_message_id);
create index message_by_sent_at on message (sent_at);
