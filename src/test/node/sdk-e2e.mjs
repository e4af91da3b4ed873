// End-to-end check with the official openai SDK: the router must be a drop-in OpenAI endpoint, streaming and not.
// Run by io.policyrouter.rest.OpenAiSdkTest (and OpenAiSdkIT against the packaged jar):
//   ROUTER_BASE_URL=http://localhost:8081/v1 [ROUTER_FAULTS=1] node sdk-e2e.mjs
import OpenAI, { APIError, NotFoundError } from 'openai';
import assert from 'node:assert/strict';

const baseURL = process.env.ROUTER_BASE_URL;
const faults = process.env.ROUTER_FAULTS === '1';
assert.ok(baseURL, 'ROUTER_BASE_URL is required');

// maxRetries 0: the router does the failover; SDK retries would hide what the router answered.
const client = new OpenAI({ baseURL, apiKey: 'unused-by-the-router', maxRetries: 0, timeout: 30_000 });
const messages = [{ role: 'user', content: 'Summarise the plot of Hamlet in three sentences.' }];
const route = { headers: { 'x-route-channel': 'api', 'x-route-tenant': 'sdk-e2e' } };
const report = {};

// 1. Non-streaming, model "auto": an OpenAI completion, and headers that say what happened.
const { data: completion, response } = await client.chat.completions
  .create({ model: 'auto', messages }, route).withResponse();
const served = response.headers.get('x-route-model');
assert.equal(completion.object, 'chat.completion');
assert.ok(served, 'x-route-model header');
assert.equal(completion.model, served, 'the body names the catalog model that answered');
assert.equal(response.headers.get('x-route-attempts'), '1');
assert.match(response.headers.get('x-route-decision-id') ?? '', /^[0-9a-f-]{36}$/);
assert.match(response.headers.get('x-route-policy-version') ?? '', /^pv-/);
assert.ok(Number(response.headers.get('x-route-estimated-cost-usd')) > 0);
const text = completion.choices[0].message.content;
assert.ok(text && text.length > 0, 'an answer');
assert.equal(completion.choices[0].finish_reason, 'stop');
report.served = served;

// 2. Streaming: same decision inputs, so the same model and (the simulator being deterministic) the same text.
const stream = await client.chat.completions.create({ model: 'auto', messages, stream: true }, route);
let streamed = '';
let finish = null;
let chunks = 0;
const models = new Set();
for await (const chunk of stream) {
  chunks++;
  models.add(chunk.model);
  streamed += chunk.choices[0]?.delta?.content ?? '';
  finish = chunk.choices[0]?.finish_reason ?? finish;
}
assert.deepEqual([...models], [served], 'one model per stream');
assert.equal(streamed, text, 'streamed text equals the non-streamed answer');
assert.equal(finish, 'stop');
assert.ok(chunks > 3, 'several chunks');
report.chunks = chunks;

// 3. A pin: a concrete catalog model, honoured within policy.
const pinned = await client.chat.completions.create({ model: 'mistral-large', messages }, route);
assert.equal(pinned.model, 'mistral-large');

// 4. An unknown model is the 404 an OpenAI client expects, with OpenAI's error code.
await assert.rejects(client.chat.completions.create({ model: 'no-such-model', messages }), (e) => {
  assert.ok(e instanceof NotFoundError, `NotFoundError, got ${e}`);
  assert.equal(e.code, 'model_not_found');
  return true;
});

// 5. The model list.
const ids = [];
for await (const m of client.models.list()) ids.push(m.id);
assert.ok(ids.includes(served) && ids.includes('mistral-large'), 'GET /v1/models lists the catalog');

if (faults) {
  // 6. Every step fails: the SDK surfaces the router's error message and code (502 problem + OpenAI error member).
  await assert.rejects(client.chat.completions.create({ model: 'auto', messages },
    { headers: { ...route.headers, 'x-sim-fault': '*=500' } }), (e) => {
    assert.ok(e instanceof APIError, `APIError, got ${e}`);
    assert.equal(e.status, 502);
    assert.equal(e.code, 'upstream_error');
    assert.match(e.message, /no model of the routing chain could answer/);
    return true;
  });
  // 7. A stream cut after its first bytes ends with an error event, which the SDK raises mid-iteration.
  const cut = await client.chat.completions.create({ model: 'auto', messages, stream: true },
    { headers: { ...route.headers, 'x-sim-fault': '*=cut,after=4' } });
  let received = 0;
  await assert.rejects((async () => { for await (const c of cut) { received++; assert.equal(c.model, served); } })(),
    (e) => {
      assert.ok(e instanceof APIError, `APIError, got ${e}`);
      assert.match(e.message, /failed after \d+ chunks were sent/);
      return true;
    });
  assert.ok(received > 0, 'chunks arrived before the error');
  report.faults = 'checked';
} else {
  // Production profile: fault injection is off, so the header must change nothing.
  const ignored = await client.chat.completions.create({ model: 'auto', messages },
    { headers: { ...route.headers, 'x-sim-fault': '*=500' } });
  assert.equal(ignored.model, served);
  report.faults = 'ignored (disabled)';
}

console.log('openai sdk e2e ok', JSON.stringify(report));
