-- Edits, deletes and reactions are entries of the conversation's log like messages: each takes the next seq, so
-- recovery by seq returns them in order with the messages. A message row holds the message's current state; an
-- update row names its target by id and seq.
--   kind         message | edit | delete | reaction
--   target_id    the message an update changes, or the message a message replies to
--   target_seq   that message's seq (the join key)
--   version      message: its current version (1 = as sent); edit: the version it made
--   edited_at    message: when it was last edited
--   deleted_at   message: when it was deleted (its content is then null: removed, not hidden)
--   emoji, reaction_on, reaction_count   reaction: what was toggled, and how many users have it afterwards
-- An edit row does not keep the text it set: the message row holds the current text, and a delete removes it.
alter table message add column kind varchar(16) default 'message' not null;
alter table message alter column content drop not null;
alter table message add column target_id uuid;
alter table message add column target_seq bigint;
alter table message add column version int default 1 not null;
alter table message add column edited_at timestamp with time zone;
alter table message add column deleted_at timestamp with time zone;
alter table message add column emoji varchar(64);
alter table message add column reaction_on boolean;
alter table message add column reaction_count int;

-- updates and replies name their message by id; ids are now time-ordered (UUID version 7), so this index grows at
-- its right edge instead of at random pages
create unique index message_by_id on message (id);

-- who reacted with what: one row per user, emoji and message
create table message_reaction (
    conversation_id uuid        not null,
    message_seq     bigint      not null,
    emoji           varchar(64) not null,
    username        varchar(64) not null,
    seq             bigint      not null,
    primary key (conversation_id, message_seq, emoji, username),
    foreign key (conversation_id, message_seq) references message (conversation_id, seq) on delete cascade
);

-- read state: each member has read its conversation up to read_seq
alter table conversation_member add column read_seq bigint default 0 not null;
