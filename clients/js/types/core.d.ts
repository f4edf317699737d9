// Type declarations of @parley/client/core (hand-written; the source is plain JavaScript in ../src).
// The wire payloads are Parley's (docs/api.md).

// ---------- payloads ----------

export type ErrorCode =
  | 'BAD_REQUEST' | 'VALIDATION' | 'FORBIDDEN' | 'NOT_FOUND' | 'RATE_LIMITED' | 'GONE' | 'UNAVAILABLE'
  | 'UNAUTHORIZED' | 'DISCONNECTED' | 'TIMEOUT' | (string & {});

export interface Quote { sender: string; content: string }

export interface ReactionCount { emoji: string; count: number; mine?: boolean }

export interface MessageEntry {
  type: 'message';
  id: string;
  conversationId: string;
  seq: number;
  sender: string;
  senderType: 'user' | 'service';
  content: string;
  sentAt: string;
  clientMessageId: string | null;
  replyTo?: string;
  quote?: Quote;
  /** In history only: the message as it is now. */
  version?: number;
  editedAt?: string;
  reactions?: ReactionCount[];
}

export interface EditEntry {
  type: 'message-edited';
  id: string;
  conversationId: string;
  seq: number;
  messageId: string;
  sender: string;
  content: string;
  editedAt: string;
  version: number;
  clientMessageId?: string | null;
}

export interface DeleteEntry {
  type: 'message-deleted';
  id: string;
  conversationId: string;
  seq: number;
  messageId: string;
  sender: string;
  deletedAt?: string;
}

export interface ReactionEntry {
  type: 'reaction';
  id: string;
  conversationId: string;
  seq: number;
  messageId: string;
  user: string;
  emoji: string;
  on: boolean;
  /** How many users have this emoji on the message right after this entry: set it, do not add. */
  count: number;
}

export type LogEntry = MessageEntry | EditEntry | DeleteEntry | ReactionEntry;

export interface Conversation {
  id: string;
  title: string;
  members: string[];
  createdAt: string;
  createdBy: string;
  lastSeq?: number;
  readSeq?: number;
  unread?: number;
}

export interface DocumentInfo {
  id: string;
  conversationId: string;
  title: string;
  version: number;
  createdAt: string;
  createdBy: string;
}

export interface TypingEvent { conversationId: string; user: string; typing: boolean }
export interface PresenceEvent { conversationId: string; user: string; status: 'online' | 'away' | 'offline'; snapshot: boolean }
export interface ReadEvent { conversationId: string; user: string; seq: number }
export interface ReadStateEvent { type: 'read'; conversationId: string; readSeq: number; lastSeq: number; unread: number }
export interface FileEvent {
  type: 'file'; fileId: string; name: string; stage: string; percent: number;
  sha256?: string; contentType?: string; size?: number; reason?: string;
}
export interface SentEvent { clientMessageId: string; conversationId: string; seq?: number }
export interface FailedEvent { clientMessageId: string; conversationId: string; content: string; error: ParleyError; words: string }
export interface StatusEvent { status: StatusValue; retryInMs?: number; attempt?: number }
export interface ChangedEvent { conversationId: string; ids: string[] }

/** A message as shown: the server's state with your unconfirmed changes on top. */
export interface MessageView {
  id: string;
  seq: number;
  sender?: string;
  senderType?: 'user' | 'service';
  sentAt?: string;
  clientMessageId: string | null;
  content: string;
  edited: boolean;
  deleted: boolean;
  /** 'Saving…' while an edit of yours is unconfirmed. */
  state: string | null;
  reactions: Array<{ emoji: string; count: number; mine: boolean; pending: boolean }>;
  quote: { id: string; sender?: string; content?: string; deleted: boolean } | null;
  own: boolean;
  canEdit: boolean;
  canDelete: boolean;
}

export interface OutboxItem {
  clientMessageId: string;
  conversationId: string;
  content: string;
  replyTo?: string;
  queuedAt: number;
}

// ---------- errors ----------

/** An error report of Parley's (STOMP or HTTP) as an Error; `message` is the sentence in words. */
export class ParleyError extends Error {
  constructor(report?: { code?: ErrorCode; message?: string; detail?: string; words?: string; status?: number;
    problem?: unknown; receiptId?: string; destination?: string });
  readonly code: ErrorCode;
  /** The server's own text. */
  readonly detail: string;
  /** A sentence to show (also the `message`). */
  readonly words: string;
  /** The HTTP status, for HTTP failures. */
  readonly status?: number;
  /** The RFC 9457 problem detail, for HTTP failures. */
  readonly problem?: Record<string, unknown>;
  readonly receiptId?: string;
  readonly destination?: string;
  /** Set on errors of a room. */
  conversationId?: string;
}

export function describeError(error: { code?: string; message?: string; detail?: string }): string;
export function describeChangeError(what: string, error: { code?: string; message?: string; detail?: string }): string;
export function isRetryable(code: string): boolean;
export function retryAfterMs(message: string | undefined): number | null;

// ---------- the client ----------

export declare const Status: Readonly<{
  CONNECTING: 'connecting'; CONNECTED: 'connected'; RECONNECTING: 'reconnecting'; OFFLINE: 'offline';
}>;
export type StatusValue = 'connecting' | 'connected' | 'reconnecting' | 'offline';

export interface TokenAnswer { token: string; expiresAt?: number | string }

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export interface ParleyClientOptions {
  /** http(s)://host[:port][/prefix] or ws(s)://…/ws; default: the page's origin. */
  url?: string;
  /** A JWT for the user. */
  token: string;
  /** When the token expires (ms since the epoch, or ISO); default: its `exp`. */
  expiresAt?: number | string;
  /** A new token for the same user, or null if none can be had. */
  refreshToken?: () => Promise<TokenAnswer | string | null> | TokenAnswer | string | null;
  /** Who the token is for; default: its `sub`. */
  user?: string;
  /** The @stomp/stompjs Client class (the main entry passes it). */
  Client?: new (config: any) => any;
  /** A STOMP driver (legacyDriver, modernDriver, or your own); instead of Client. */
  driver?: Driver;
  webSocketFactory?: () => any;
  fetch?: typeof fetch;
  storage?: StorageLike;
  storageKey?: string;
  isOnline?: () => boolean;
  backoff?: { base?: number; max?: number };
  receiptTimeoutMs?: number;
  random?: () => number;
  timers?: Timers;
  now?: () => number;
  /** New clientMessageIds (default crypto.randomUUID). */
  newId?: () => string;
}

export interface ParleyEvents {
  message: MessageEntry;
  edit: EditEntry;
  delete: DeleteEntry;
  reaction: ReactionEntry;
  entry: LogEntry;
  changed: ChangedEvent;
  typing: TypingEvent;
  presence: PresenceEvent;
  read: ReadEvent;
  readState: ReadStateEvent;
  conversation: Conversation;
  document: DocumentInfo;
  notification: unknown;
  file: FileEvent;
  sent: SentEvent;
  failed: FailedEvent;
  outbox: { pending: OutboxItem[] };
  error: ParleyError;
  status: StatusEvent;
  connected: Record<string, never>;
  token: { token: string; expiresAt: number | null };
  signedOut: ParleyError;
}

export type Listener<E extends keyof ParleyEvents> = (event: ParleyEvents[E]) => void;

export interface JoinOptions {
  /** Deliver every entry after this seq (a room's lastSeq kept from before) instead of the newest page. */
  after?: number;
  pageSize?: number;
  typing?: boolean;
  presence?: boolean;
  reads?: boolean;
}

export interface Receipt { seq?: number; version?: number }

export interface ParleyClient {
  readonly user: string;
  readonly status: StatusValue;
  readonly connected: boolean;
  readonly pending: OutboxItem[];
  on<E extends keyof ParleyEvents>(event: E, listener: Listener<E>): () => void;
  off<E extends keyof ParleyEvents>(event: E, listener: Listener<E>): void;
  connect(): Promise<void>;
  reconnectNow(): void;
  drop(): void;
  join(conversationId: string, options?: JoinOptions): Promise<Room>;
  room(conversationId: string): Room | undefined;
  api<T = any>(method: string, path: string, body?: unknown): Promise<T>;
  conversations(): Promise<Conversation[]>;
  createConversation(conversation: { title: string; members?: string[] }): Promise<Conversation>;
  setPresence(status: 'online' | 'away'): boolean;
  close(): void;
}

export interface Room {
  readonly id: string;
  readonly ready: Promise<Room>;
  readonly lastSeq: number;
  readonly pending: OutboxItem[];
  readonly hasEarlier: boolean;
  on<E extends keyof ParleyEvents>(event: E, listener: Listener<E>): () => void;
  send(content: string, options?: { replyTo?: string }): Promise<SentEvent>;
  edit(messageId: string, content: string): Promise<Receipt>;
  delete(messageId: string): Promise<Receipt>;
  react(messageId: string, emoji: string, on?: boolean): Promise<Receipt>;
  typing(): void;
  stopTyping(): void;
  markRead(seq?: number): void;
  reads(): Promise<Array<{ user: string; seq: number }>>;
  earlier(): Promise<LogEntry[]>;
  messages(): MessageView[];
  message(id: string): MessageView | undefined;
  documents(): Promise<DocumentInfo[]>;
  createDocument(title: string): Promise<DocumentInfo>;
  openDocument(documentId: string): Promise<SharedDocument>;
  leave(): void;
}

export type Op = Array<number | string | { d: number }>;

export interface SharedDocument {
  readonly id: string;
  readonly title: string;
  readonly text: string;
  readonly version: number;
  readonly state: 'saved' | 'saving' | 'offline';
  edit(op: Op): void;
  cursor(anchor: number | null, head?: number | null): boolean;
  on(event: 'text', listener: (change: { text: string; op: Op | null }) => void): () => void;
  on(event: 'state', listener: (state: 'saved' | 'saving' | 'offline') => void): () => void;
  on(event: 'cursor', listener: (cursor: { user: string; version: number; anchor: number | null; head: number | null }) => void): () => void;
  on(event: 'problem', listener: (message: string) => void): () => void;
  idle(): Promise<unknown>;
  close(): void;
}

export function createParleyClient(options: ParleyClientOptions): ParleyClient;
export function signIn(url: string, username: string, password: string, options?: { fetch?: typeof fetch }):
  Promise<{ token: string; expiresAt: number }>;
export function serverUrls(url?: string): { http: string; ws: string };
export function tokenClaims(token: string): Record<string, any>;

// ---------- lower-level modules ----------

export interface DriverCallbacks {
  headers: Record<string, string>;
  onConnected(): void;
  onReceipt(receiptId: string, headers?: Record<string, string>): void;
  onStompError(message: string, body?: string): void;
  onClosed(): void;
}
export interface DriverHandle {
  subscribe(destination: string, onFrame: (body: string) => void, headers: Record<string, string>): { unsubscribe(): void };
  send(destination: string, headers: Record<string, string>, body: string): void;
  close(): void;
}
export interface Driver { name: string; connect(callbacks: DriverCallbacks): DriverHandle }

export function modernDriver(StompJs: (new (config: any) => any) | { Client: new (config: any) => any }, socketFactory: () => any): Driver;
export function legacyDriver(Stomp: any, socketFactory: () => any): Driver;

export interface Connection {
  readonly status: StatusValue;
  readonly connected: boolean;
  readonly driverName: string;
  start(): void;
  stop(): void;
  wake(): void;
  drop(): void;
  subscribe(destination: string, onFrame: (body: string) => void,
    options?: { onReady?: () => void; onRefused?: (error: { code: string; message: string }) => void }): () => void;
  send(destination: string, body: unknown): Promise<Record<string, string>>;
  signal(destination: string, body: unknown): boolean;
}
export function createConnection(options: {
  driver: Driver;
  connectHeaders: () => Record<string, string>;
  onStatus?: (status: StatusValue, detail: { retryInMs?: number; attempt?: number }) => void;
  onConnected?: () => void;
  onError?: (error: { code: string; message: string }) => void;
  onRefused?: (message: string) => void;
  tokenExpiresAt?: () => number | null;
  refreshToken?: () => Promise<{ token: string; expiresAt: number } | null>;
  backoff?: { base?: number; max?: number };
  random?: () => number;
  isOnline?: () => boolean;
  timers?: Timers;
  now?: () => number;
}): Connection;

export function backoffDelay(attempt: number, options?: { base?: number; max?: number; random?: () => number }): number;

export interface Outbox {
  add(conversationId: string, content: string, replyTo?: string): OutboxItem;
  next(): OutboxItem | undefined;
  settle(clientMessageId: string): boolean;
  has(clientMessageId: string): boolean;
  pending(conversationId?: string): OutboxItem[];
  readonly size: number;
}
export function createOutbox(options?: { storage?: StorageLike; key?: string; newId?: () => string; now?: () => number }): Outbox;

export interface Sender {
  send(conversationId: string, content: string, replyTo?: string): OutboxItem;
  pump(): Promise<void>;
  stop(): void;
}
export function createSender(options: {
  connection: Pick<Connection, 'connected' | 'send'>;
  outbox: Outbox;
  onChange?: () => void;
  onSent?: (item: OutboxItem, receipt: Record<string, string>) => void;
  onFailed?: (clientMessageId: string, reason: string, error: { code: string; message: string }, item: OutboxItem) => void;
  onError?: (error: { code: string; message: string }) => void;
  retryMs?: number;
  timers?: Timers;
}): Sender;

export interface Recovery {
  live(entry: { seq: number }): void;
  start(): Promise<void>;
  readonly lastSeq: number;
  readonly pending: number;
}
export function createRecovery<T extends { seq: number }>(options: {
  fetchAfter: (afterSeq: number, limit: number) => Promise<T[]>;
  deliver: (entry: T) => void;
  lastSeq?: number;
  pageSize?: number;
}): Recovery;

export interface Feed {
  live(entry: any): void;
  catchUp(): Promise<void>;
  earlier(): Promise<LogEntry[]>;
  readonly hasEarlier: boolean;
  close(): void;
}
export function createFeed(options: {
  fetchPage: (query: { limit: number; after?: number; before?: number }) => Promise<LogEntry[]>;
  deliver: (entry: LogEntry) => void;
  onFirstPage?: () => void;
  pageSize?: number;
  after?: number;
}): Feed;

export declare const REACTIONS: readonly string[];
export declare const QUOTE_LENGTH: number;
export function cut(text: string, length?: number): string;
export interface Thread {
  apply(entry: LogEntry): { added: string | null; changed: string[] };
  earlier(page: LogEntry[]): string[];
  view(id: string): MessageView | undefined;
  has(id: string): boolean;
  ids(): string[];
  readonly lastSeq: number;
  readonly lastMessageSeq: number;
  edit(id: string, content: string): { token: string | null; changed: string[] };
  delete(id: string): { token: string | null; changed: string[] };
  react(id: string, emoji: string): { token: string | null; on: boolean; changed: string[] };
  confirmed(token: string, seq?: number | string): string[];
  refused(token: string): string[];
}
export function createThread(options: { me: () => string; creator?: () => string | undefined }): Thread;

export function createReads(): { set(user: string, seq: number): boolean; seenBy(seq: number, me: string): string[] };
export function createReadMarker(options: { send: (seq: number) => Promise<unknown>; intervalMs?: number; timers?: Timers; now?: () => number }):
  { mark(seq: number): void; stop(): void; readonly sentSeq: number };
export function createTypingSignal(options: {
  signal: (conversationId: string, typing: boolean) => boolean; repeatMs?: number; idleMs?: number; timers?: Timers; now?: () => number;
}): { start(conversationId: string): void; stop(): void };

export declare const SyncState: Readonly<{ SAVED: 'saved'; SAVING: 'saving'; OFFLINE: 'offline' }>;
export function textHash(text: string): string;
export interface DocSync {
  readonly text: string;
  readonly version: number;
  readonly state: 'saved' | 'saving' | 'offline';
  readonly pending: Op[];
  load(snapshot: { version: number; text: string }): void;
  edit(op: Op): void;
  receive(event: { version: number; op: Op; author: string; clientOpId?: string; hash?: string }): void;
  online(): Promise<unknown>;
  offline(): void;
  close(): void;
  idle(): Promise<unknown>;
}
export function createDocSync(options: {
  user: () => string;
  send: (body: { version: number; op: Op; clientOpId: string }) => Promise<unknown>;
  fetchOps: (after: number, limit: number) => Promise<any[]>;
  fetchSnapshot: () => Promise<{ version: number; text: string }>;
  onText: (change: { text: string; op: Op | null }) => void;
  onState?: (state: 'saved' | 'saving' | 'offline') => void;
  onProblem?: (message: string) => void;
  setTimeout?: (fn: () => void, ms: number) => unknown;
  minInterval?: number;
  gapWait?: number;
}): DocSync;

/** The text type of shared documents (ot-text-unicode): positions and lengths in code points. */
export declare namespace ot {
  function codePointLength(s: string): number;
  function toUtf16(s: string, codePoints: number): number;
  function toCodePoint(s: string, utf16: number): number;
  function checkOp(op: unknown): void;
  function normalize(op: Op): Op;
  function apply(text: string, op: Op): string;
  function transform(op: Op, other: Op, side: 'left' | 'right'): Op;
  function compose(first: Op, next: Op): Op;
  function transformPosition(cursor: number, op: Op): number;
}

/** The op that turns `before` into `after` (a textarea's text), with the caret where the edit was made. */
export function diff(before: string, after: string, caret?: number): Op;
