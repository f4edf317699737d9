// Two real browser STOMP clients in Node: @stomp/stompjs 7 and the legacy stomp-websocket 2.3, both loaded from
// the webjars Parley serves. They join one conversation through /ws and must each receive the other's message.
// Usage: node --experimental-websocket chat.cjs <dir-with-scripts> <ws-url> <conversationId> <tokenA> <tokenB>
'use strict';
const path = require('path');
const [dir, url, conversation, tokenModern, tokenLegacy] = process.argv.slice(2);
const StompJs = require(path.join(dir, 'stomp.umd.js'));
const { Stomp } = require(path.join(dir, 'stomp.js'));

const topic = `/topic/conversation.${conversation}`;
const send = `/app/conversation.${conversation}.send`;
const result = { modernReceived: [], legacyReceived: [] };
const fail = (why) => { console.log(JSON.stringify({ ...result, error: String(why) })); process.exit(1); };
setTimeout(() => fail('timed out'), 20000);

const finishIfDone = () => {
  const modernGotLegacy = result.modernReceived.some((m) => m.content === 'from legacy 2.3');
  const legacyGotModern = result.legacyReceived.some((m) => m.content === 'from stompjs 7');
  if (modernGotLegacy && legacyGotModern) {
    console.log(JSON.stringify(result));
    process.exit(0);
  }
};

// the legacy client connects first and subscribes; it then tells the modern one to start
const legacy = Stomp.over(new WebSocket(url));
legacy.debug = null;
legacy.heartbeat.outgoing = 0;
legacy.heartbeat.incoming = 0;
legacy.connect({ Authorization: `Bearer ${tokenLegacy}` }, () => {
  legacy.subscribe(topic, (frame) => {
    result.legacyReceived.push(JSON.parse(frame.body));
    finishIfDone();
  }, { receipt: 'legacy-sub' });
  legacy.onreceipt = (frame) => {
    if (frame.headers['receipt-id'] === 'legacy-sub') startModern();
  };
}, (error) => fail('legacy: ' + (error.headers ? error.headers.message : error)));

function startModern() {
  const modern = new StompJs.Client({
    webSocketFactory: () => new WebSocket(url),
    connectHeaders: { Authorization: `Bearer ${tokenModern}` },
    reconnectDelay: 0,
    heartbeatIncoming: 0,
    heartbeatOutgoing: 0,
    onStompError: (frame) => fail('stompjs 7: ' + frame.headers.message),
    onConnect: () => {
      modern.subscribe(topic, (message) => {
        result.modernReceived.push(JSON.parse(message.body));
        finishIfDone();
      }, { receipt: 'modern-sub' });
      modern.watchForReceipt('modern-sub', () => {
        modern.publish({ destination: send, body: JSON.stringify({ content: 'from stompjs 7' }) });
        legacy.send(send, {}, JSON.stringify({ content: 'from legacy 2.3' }));
      });
    },
  });
  modern.activate();
}
