#!/usr/bin/env node
// A dependency-free fake OpenAI-compatible provider for load tests (gateway-bench.sh).
//   POST <prefix>/v1/chat/completions          a small completion at once (JSON), or 3 SSE chunks with "stream": true
//   POST /fail/v1/chat/completions             503 with an OpenAI error body
//   POST /slow<ms>/v1/chat/completions         the same answers after <ms> milliseconds (realistic LLM latency)
//   POST /drip<ms>x<n>/v1/chat/completions     a stream of <n> chunks, one every <ms> ms (long-lived streams)
//   GET  /health                               "ok";   GET /stats: {"open": <answers in progress>, "max": ...,
//                                              "chunks": <drip stream chunks sent so far>}
// Any other path prefix (e.g. /openai/v1) is served like /v1. Usage: node fake-provider.js [port] [host]
'use strict';
const http = require('http');

const PORT = parseInt(process.argv[2] || '19001', 10);
const HOST = process.argv[3] || '127.0.0.1';
let open = 0, max = 0, chunks = 0;

const COMPLETION = JSON.stringify({
  id: 'chatcmpl-fake', object: 'chat.completion', created: 1700000000, model: 'fake-model',
  choices: [{ index: 0, message: { role: 'assistant', content: 'Hello from the fake provider.' },
              logprobs: null, finish_reason: 'stop' }],
  usage: { prompt_tokens: 9, completion_tokens: 7, total_tokens: 16 },
});
const FAIL = JSON.stringify({ error: { message: 'fake upstream unavailable', type: 'server_error', code: 'unavailable' } });
const chunk = (delta, finish) => 'data: ' + JSON.stringify({ id: 'chatcmpl-fake', object: 'chat.completion.chunk',
  created: 1700000000, model: 'fake-model', choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] }) + '\n\n';
const SSE = chunk({ role: 'assistant', content: 'Hello' }, null) + chunk({ content: ' from the fake' }, null)
  + chunk({ content: ' provider.' }, 'stop') + 'data: [DONE]\n\n';

function answer(req, res, body) {
  if (req.url.startsWith('/fail/')) {
    res.writeHead(503, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(FAIL) });
    return res.end(FAIL);
  }
  const stream = body.includes('"stream"') && /"stream"\s*:\s*true/.test(body);
  const drip = /^\/drip(\d+)x(\d+)\//.exec(req.url);
  if (stream && drip) {
    const gap = parseInt(drip[1], 10), n = parseInt(drip[2], 10);
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.write(chunk({ role: 'assistant', content: '' }, null)); chunks++;
    let i = 0;
    const timer = setInterval(() => {
      if (i++ < n) { res.write(chunk({ content: ' word' + i }, null)); chunks++; return; }
      clearInterval(timer);
      res.end(chunk({}, 'stop') + 'data: [DONE]\n\n');
    }, gap);
    res.on('close', () => clearInterval(timer));
    return;
  }
  if (stream) {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    return res.end(SSE);
  }
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(COMPLETION) });
  res.end(COMPLETION);
}

const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/health') { res.writeHead(200); return res.end('ok'); }
  if (req.method === 'GET' && req.url === '/stats') { res.writeHead(200); return res.end(JSON.stringify({ open, max, chunks })); }
  if (req.method !== 'POST' || !req.url.endsWith('/v1/chat/completions')) { res.writeHead(404); return res.end(); }
  const parts = [];
  req.on('data', (d) => parts.push(d));
  req.on('end', () => {
    open++; if (open > max) max = open;
    res.on('close', () => { open--; });
    const body = Buffer.concat(parts).toString('utf8');
    const slow = /^\/slow(\d+)\//.exec(req.url);
    if (slow) return setTimeout(() => answer(req, res, body), parseInt(slow[1], 10));
    answer(req, res, body);
  });
});
server.keepAliveTimeout = 65000;
server.headersTimeout = 66000;
server.listen(PORT, HOST, () => console.log(`fake provider on http://${HOST}:${PORT}`));
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(0));
