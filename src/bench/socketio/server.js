// Socket.IO 4 as a peer baseline for Parley's load benchmark (docs/performance.md, "The load generator").
// Rooms are conversations: a client joins one with an acknowledged "join" event (the equivalent of a STOMP
// SUBSCRIBE with a receipt) and sends with "send", which is broadcast to everyone in the room, the sender
// included (as a Parley subscriber gets its own message). Nothing is stored and nobody is authenticated:
// that is the point of the comparison. WebSocket transport only; perMessageDeflate stays at Socket.IO's
// default (false since engine.io 4).
//
// node server.js [port]: listens on 127.0.0.1 (port 0, the default, takes a free one) and prints
// "listening <port>" on stdout once it does.
"use strict";

const http = require("http");
const { Server } = require("socket.io");

const httpServer = http.createServer();
const io = new Server(httpServer, { transports: ["websocket"], serveClient: false });

io.on("connection", (socket) => {
  socket.on("join", (room, ack) => {
    socket.join(String(room));
    if (typeof ack === "function") {
      ack();
    }
  });
  socket.on("send", (room, body) => {
    io.to(String(room)).emit("message", body);
  });
});

httpServer.listen(Number(process.argv[2] || 0), "127.0.0.1", () => {
  console.log("listening " + httpServer.address().port);
});

process.on("SIGTERM", () => process.exit(0));
