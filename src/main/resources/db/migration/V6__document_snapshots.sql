-- Shared documents: the text is kept as a snapshot every parley.documents.snapshot-every versions, in a table of its
-- own, rather than written again with every op: an op then writes its own row and the small document row, and the
-- text is the snapshot with the ops since it applied. Portable between H2 and PostgreSQL.
create table document_snapshot (
    document_id uuid    primary key references document (id) on delete cascade,
    -- the version the text is at; the ops after it are never pruned
    version     bigint  not null,
    text        varchar not null
);
insert into document_snapshot (document_id, version, text) select id, version, text from document;
alter table document drop column text;
