// A hostile client in its own process, so its work does not slow the test's own measurements:
// one socket that emits message:send in bursts, as fast as it can, bounded in count and time.
// Usage: node flood-client.mjs <url> <token> <conversationId> <total> <durationMs> (sent evenly over the duration)
// Prints "started" once connected and sending, then one JSON line with what it saw.
import { io } from 'socket.io-client';

const [url, token, conversationId, totalArg, maxMsArg] = process.argv.slice(2);
const total = Number(totalArg);
const durationMs = Number(maxMsArg);
const burst = 100;

const socket = io(url, { transports: ['websocket'], auth: { token }, forceNew: true, reconnection: false });
await new Promise((resolve, reject) => {
  socket.once('connect', resolve);
  socket.once('connect_error', reject);
});

const counts = { sent: 0, ok: 0, codes: {}, unanswered: 0 };
let answered = 0;
const started = Date.now();
console.log('started');
while (counts.sent < total && Date.now() - started < durationMs + 1_000) {
  // On schedule: as many as should have been sent by now, in bursts.
  const due = Math.min(total, Math.ceil(((Date.now() - started) / durationMs) * total) + burst);
  while (counts.sent < due) {
    counts.sent += 1;
    socket.emit('message:send', { conversationId, body: `flood ${counts.sent}`, clientMessageId: `flood-${counts.sent}` }, (ack) => {
      answered += 1;
      if (ack?.ok) counts.ok += 1;
      else counts.codes[ack?.error?.code ?? 'none'] = (counts.codes[ack?.error?.code ?? 'none'] ?? 0) + 1;
    });
  }
  await new Promise((resolve) => setTimeout(resolve, 1));
}
counts.sendingMs = Date.now() - started;
// A flooder is not read from while it floods: whatever the server has not read by now stays unanswered.
const deadline = Date.now() + 2_000;
while (answered < counts.sent && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
counts.unanswered = counts.sent - answered;
console.log(JSON.stringify(counts));
socket.close();
process.exit(0);
