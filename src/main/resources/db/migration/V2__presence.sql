-- Cluster-wide presence. Every change is made by a conditional UPDATE, so exactly one node announces it.
create table presence_node (
    node_id      varchar(64)              primary key,
    heartbeat_at timestamp with time zone not null
);

create table presence_session (
    session_key  varchar(200)             primary key, -- node id + ':' + session id (SockJS ids are client-chosen)
    node_id      varchar(64)              not null,
    username     varchar(64)              not null,
    connected_at timestamp with time zone not null
);
create index presence_session_by_username on presence_session (username);
create index presence_session_by_node on presence_session (node_id);

create table presence_user (
    username     varchar(64)              primary key,
    status       varchar(16)              not null, -- online, away, offline
    changed_at   timestamp with time zone not null,
    last_seen_at timestamp with time zone not null  -- when a session of the user last ended
);
