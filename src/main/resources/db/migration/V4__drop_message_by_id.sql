-- no query looks messages up by id alone (ids are random UUIDs made by the server); the index cost a B-tree write per message
drop index message_by_id;
