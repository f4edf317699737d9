-- Shared documents (issue 19): a conversation's plain-text documents and their ops, one gapless version per document,
-- taken under the document row's lock as messages take their seq. Portable between H2 and PostgreSQL.
create table document (
    id              uuid                     primary key,
    conversation_id uuid                     not null references conversation (id) on delete cascade,
    title           varchar(200)             not null,
    created_by      varchar(64)              not null,
    created_at      timestamp with time zone not null,
    -- the text at version, kept with every op: loading a document reads one row
    version         bigint                   not null,
    text            varchar                  not null
);
create index document_by_conversation on document (conversation_id);

create table document_op (
    document_id  uuid                     not null references document (id) on delete cascade,
    version      bigint                   not null,
    -- the op as applied at this version (transformed), in ot-text-unicode's JSON form
    op           varchar                  not null,
    author       varchar(64)              not null,
    client_op_id varchar(100),
    created_at   timestamp with time zone not null,
    primary key (document_id, version)
);
-- idempotent resends: one op per (document, author, clientOpId); NULL ids never collide
create unique index document_op_by_client_id on document_op (document_id, author, client_op_id);
