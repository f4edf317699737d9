// Minimal Parley client on @stomp/stompjs 7. User content is only ever set with textContent.
(() => {
  'use strict';
  const $ = (id) => document.getElementById(id);
  const state = { token: null, user: null, client: null, conversations: [], current: null, subscription: null };

  const api = async (method, path, body) => {
    const response = await fetch(path, {
      method,
      headers: { 'Content-Type': 'application/json', ...(state.token ? { Authorization: `Bearer ${state.token}` } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const data = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(data.detail || `HTTP ${response.status}`);
    return data;
  };

  const setStatus = (text) => { $('status').textContent = text; };

  $('sign-in').addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = event.target;
    try {
      const { token } = await api('POST', '/api/auth/token', { username: form.username.value, password: form.password.value });
      state.token = token;
      state.user = form.username.value;
      sessionStorage.setItem('parley.token', token);
      sessionStorage.setItem('parley.user', state.user);
      start();
    } catch (error) {
      $('sign-in-error').textContent = error.message;
    }
  });

  function start() {
    $('sign-in').hidden = true;
    $('chat').hidden = false;
    loadConversations();
    state.client = new StompJs.Client({
      brokerURL: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`,
      connectHeaders: { Authorization: `Bearer ${state.token}` },
      reconnectDelay: 2000,
      onConnect: () => {
        setStatus('Connected');
        state.client.subscribe('/user/queue/errors', (frame) => {
          const error = JSON.parse(frame.body);
          $('chat-error').textContent = error.code === 'RATE_LIMITED' ? 'You are sending too fast' : error.message;
        });
        if (state.current) open(state.current);
      },
      onWebSocketClose: () => setStatus(state.client && state.client.active ? 'Reconnecting…' : 'Offline'),
      onStompError: (frame) => {
        setStatus('Offline');
        $('chat-error').textContent = frame.headers.message;
        if ((frame.headers.message || '').startsWith('Unauthorized')) signOut();
      },
    });
    state.client.activate();
  }

  function signOut() {
    sessionStorage.clear();
    if (state.client) state.client.deactivate();
    location.reload();
  }

  async function loadConversations() {
    state.conversations = await api('GET', '/api/conversations');
    const list = $('conversations');
    list.replaceChildren(...state.conversations.map((c) => {
      const item = document.createElement('li');
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = c.title;
      button.title = c.members.join(', ');
      button.setAttribute('aria-current', String(state.current === c.id));
      button.addEventListener('click', () => open(c.id));
      item.append(button);
      return item;
    }));
  }

  function open(id) {
    state.current = id;
    const conversation = state.conversations.find((c) => c.id === id);
    $('conversation-title').textContent = conversation ? conversation.title : 'Conversation';
    $('messages').replaceChildren();
    $('message').disabled = false;
    $('composer').querySelector('button').disabled = false;
    loadConversations();
    if (state.subscription) state.subscription.unsubscribe();
    if (state.client && state.client.connected) {
      state.subscription = state.client.subscribe(`/topic/conversation.${id}`, (frame) => show(JSON.parse(frame.body)));
    }
    $('message').focus();
  }

  function show(message) {
    const item = document.createElement('li');
    if (message.sender === state.user) item.classList.add('own');
    const meta = document.createElement('span');
    meta.className = 'meta';
    meta.textContent = `${message.sender} · ${new Date(message.sentAt).toLocaleTimeString()}`;
    const text = document.createElement('span');
    text.textContent = message.content;
    item.append(meta, text);
    $('messages').append(item);
    item.scrollIntoView({ block: 'end' });
  }

  $('composer').addEventListener('submit', (event) => {
    event.preventDefault();
    const input = $('message');
    if (!input.value.trim() || !state.current || !state.client.connected) return;
    $('chat-error').textContent = '';
    state.client.publish({
      destination: `/app/conversation.${state.current}.send`,
      body: JSON.stringify({ content: input.value, clientMessageId: crypto.randomUUID() }),
    });
    input.value = '';
  });

  $('new-conversation').addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = event.target;
    const members = form.members.value.split(',').map((m) => m.trim()).filter(Boolean);
    try {
      const created = await api('POST', '/api/conversations', { title: form.title.value, members });
      form.reset();
      await loadConversations();
      open(created.id);
    } catch (error) {
      $('chat-error').textContent = error.message;
    }
  });

  state.token = sessionStorage.getItem('parley.token');
  state.user = sessionStorage.getItem('parley.user');
  if (state.token) start();
})();
