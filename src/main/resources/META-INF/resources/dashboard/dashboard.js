/*
 * The routing dashboard: GET /v1/stats/dashboard drawn with Apache ECharts (SVG renderer), and one decision's
 * explanation (GET /v1/decisions/{id}) at #/decisions/<id>. No framework, no build step.
 *
 * Everything a caller could have chosen (tenant names, task types, models, rule reasons, feedback detail) reaches the
 * page through textContent or as ECharts text (drawn as SVG text, tooltips in rich-text mode): never as HTML.
 */
(function () {
  'use strict';

  const WINDOWS = { PT1H: 'the last hour', PT24H: 'the last 24 hours', P7D: 'the last 7 days' };
  const DECISION_ROUTE = /^#\/decisions\/([A-Za-z0-9-]{1,64})$/;
  let charts = [];
  let pendingCharts = [];

  // ------------------------------------------------------------------ DOM helpers (text only, never HTML)

  /** el('td', {class: 'x'}, 'text', node, null) — strings become text nodes; null and false are skipped. */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'dataset') Object.assign(node.dataset, v);
      else if (k === 'style') Object.assign(node.style, v);
      else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? '' : String(v));
    }
    append(node, children);
    return node;
  }

  function append(node, children) {
    for (const c of children.flat(Infinity)) {
      if (c === null || c === undefined || c === false) continue;
      node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return node;
  }

  const $ = (sel) => document.querySelector(sel);

  function status(text, kind) {
    const s = $('#status');
    s.textContent = text || '';
    s.className = 'status' + (kind ? ' ' + kind : '');
    s.hidden = !text;
  }

  // ------------------------------------------------------------------ formatting

  function usd(v) {
    if (v === null || v === undefined || Number.isNaN(v)) return '—';
    const a = Math.abs(v);
    const digits = a === 0 ? 2 : a < 0.01 ? 6 : a < 1 ? 4 : 2;
    return (v < 0 ? '−$' : '$') + a.toFixed(digits);
  }

  function pct(v, digits) {
    if (v === null || v === undefined || Number.isNaN(v)) return '—';
    return (v * 100).toFixed(digits === undefined ? 1 : digits) + ' %';
  }

  function num(v) {
    return v === null || v === undefined ? '—' : Number(v).toLocaleString('en');
  }

  function when(v) {
    if (v === null || v === undefined) return '—';
    const d = new Date(v);
    return Number.isNaN(d.getTime()) ? String(v) : d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
  }

  function bucketLabel(ms, bucketMs) {
    const d = new Date(ms);
    const hm = String(d.getHours()).padStart(2, '0') + ':' + String(d.getMinutes()).padStart(2, '0');
    if (bucketMs >= 3600000 * 4) return (d.getMonth() + 1) + '/' + d.getDate() + ' ' + hm;
    return hm;
  }

  function ratio(a, b) {
    return b > 0 ? a / b : null;
  }

  // ------------------------------------------------------------------ data

  async function getJson(url) {
    // A page opened as http://name:key@host/dashboard/ (router.admin.protect-reads) may not fetch a URL that carries
    // the credentials: resolve without them, and the browser answers the API's challenge from its credential cache.
    const target = new URL(url, document.baseURI);
    target.username = '';
    target.password = '';
    const r = await fetch(target, { headers: { Accept: 'application/json' } });
    if (!r.ok) {
      let detail = '';
      try {
        const p = await r.json();
        detail = p.detail || p.title || '';
      } catch (e) { /* not a problem document */ }
      throw new Error(url + ': HTTP ' + r.status + (detail ? ' — ' + detail : ''));
    }
    return r.json();
  }

  function currentWindow() {
    const q = new URLSearchParams(location.search).get('window');
    if (q && WINDOWS[q]) return q;
    const checked = document.querySelector('input[name=window]:checked');
    return checked ? checked.value : 'PT24H';
  }

  // ------------------------------------------------------------------ charts

  function disposeCharts() {
    charts.forEach((c) => c.dispose());
    charts = [];
    pendingCharts = [];
  }

  /** A chart container; the chart is drawn once the container is in the document (drawPending). */
  function chart(label, option, height) {
    const box = el('div', { class: 'chart', role: 'img', 'aria-label': label, style: { height: (height || 260) + 'px' } });
    // ECharts writes its own aria-label on the container; give it ours, and decal patterns besides colour
    option.aria = { enabled: true, label: { description: label }, decal: { show: true } };
    pendingCharts.push([box, option]);
    return box;
  }

  function drawPending() {
    if (!window.echarts) {
      pendingCharts.forEach(([box]) => box.replaceChildren(el('p', { class: 'empty' }, 'Charts unavailable: '
        + '/webjars/echarts/5.3.1/dist/echarts.min.js did not load.')));
      pendingCharts = [];
      return;
    }
    for (const [box, option] of pendingCharts) {
      const c = window.echarts.init(box, null, { renderer: 'svg' });
      c.setOption(Object.assign({ animation: false }, option));
      charts.push(c);
    }
    pendingCharts = [];
  }

  window.addEventListener('resize', () => charts.forEach((c) => c.resize()));

  const richTooltip = (trigger) => ({ trigger: trigger, renderMode: 'richText', confine: true });

  function seriesChart(title, s) {
    const keys = Object.keys((s && s.counts) || {});
    if (!keys.length) return el('p', { class: 'empty' }, 'No decisions in this window.');
    const labels = s.buckets.map((b) => bucketLabel(b, s.bucket_ms));
    const totals = keys.map((k) => k + ' ' + s.counts[k].reduce((a, b) => a + b, 0)).join(', ');
    // every key stays visible in a plain legend (a scrolling one hides keys), below the plot
    const legendRows = Math.ceil(keys.length / 3);
    return chart(title + ': ' + totals, {
      tooltip: richTooltip('axis'),
      legend: { type: 'plain', bottom: 0, left: 0 },
      grid: { left: 16, right: 16, top: 12, bottom: 12 + legendRows * 24, containLabel: true },
      xAxis: { type: 'category', data: labels, axisLabel: { hideOverlap: true } },
      yAxis: { type: 'value', minInterval: 1 },
      series: keys.map((k) => ({
        name: k,
        type: 'bar',
        stack: 'total',
        data: s.counts[k],
        emphasis: { focus: 'series' },
      })),
    });
  }

  function costChart(title, rows) {
    if (!rows || !rows.length) return el('p', { class: 'empty' }, 'No routed decisions in this window.');
    const keys = rows.map((r) => r.key === null || r.key === undefined ? '(none)' : r.key);
    const label = title + ': ' + rows.map((r, i) => keys[i] + ' estimated ' + usd(r.estimated_usd) + ', actual '
      + usd(r.actual_usd) + ' on ' + r.with_usage + ' of ' + r.decisions).join('; ');
    return chart(label, {
      tooltip: Object.assign(richTooltip('axis'), { valueFormatter: usd }),
      legend: { top: 0, left: 0 },
      grid: { left: 16, right: 32, top: 56, bottom: 8, containLabel: true },
      yAxis: { type: 'category', data: keys, inverse: true },
      xAxis: { type: 'value', axisLabel: { formatter: (v) => '$' + Number(v.toPrecision(3)), hideOverlap: true } },
      series: [
        { name: 'estimated (all decisions)', type: 'bar', data: rows.map((r) => r.estimated_usd) },
        { name: 'estimated (dispatched, with usage)', type: 'bar', data: rows.map((r) => r.estimated_for_usage_usd) },
        { name: 'actual (provider usage)', type: 'bar', data: rows.map((r) => r.actual_usd) },
      ],
    }, Math.max(180, 90 + rows.length * 56));
  }

  function barsChart(label, names, values, color, formatter) {
    return chart(label, {
      tooltip: Object.assign(richTooltip('axis'), formatter ? { valueFormatter: formatter } : {}),
      grid: { left: 16, right: 40, top: 8, bottom: 8, containLabel: true },
      yAxis: { type: 'category', data: names, inverse: true },
      xAxis: { type: 'value', minInterval: 1, axisLabel: { hideOverlap: true } },
      series: [{ type: 'bar', data: values, itemStyle: { color: color }, label: { show: true, position: 'right' } }],
    }, Math.max(120, 40 + names.length * 40));
  }

  // ------------------------------------------------------------------ small plots in plain DOM

  /** A 0..1 scale with an interval band, a point, and optional reference marks: [{value, label, kind}]. */
  function intervalPlot(label, value, low, high, marks) {
    const at = (v) => (Math.max(0, Math.min(1, v)) * 100).toFixed(2) + '%';
    const track = el('div', { class: 'track' },
      el('div', { class: 'band', style: { left: at(low), width: (Math.max(0, Math.min(1, high) - Math.max(0, low)) * 100).toFixed(2) + '%' } }),
      el('div', { class: 'point', style: { left: at(value) } }),
      (marks || []).map((m) => el('div', { class: 'mark ' + (m.kind || ''), style: { left: at(m.value) }, title: m.label })));
    return el('figure', { class: 'interval', role: 'img', 'aria-label': label },
      track,
      el('div', { class: 'scale', 'aria-hidden': 'true' }, el('span', {}, '0'), el('span', {}, '0.5'), el('span', {}, '1')),
      el('figcaption', {}, label));
  }

  function meterBar(label, spent, limit) {
    const share = limit ? spent / limit : null;
    const cls = share === null ? 'none' : share >= 1 ? 'over' : share >= 0.8 ? 'near' : 'ok';
    return el('div', { class: 'meter ' + cls, role: 'img', 'aria-label': label },
      el('div', { class: 'fill', style: { width: share === null ? '0%' : (Math.min(1, share) * 100).toFixed(2) + '%' } }));
  }

  // ------------------------------------------------------------------ overview

  function panel(title, attrs, ...body) {
    return el('section', Object.assign({ class: 'panel' }, attrs || {}), el('h2', {}, title), body);
  }

  function tile(key, label, value, detail) {
    return el('div', { class: 'tile', dataset: { tile: key } },
      el('span', { class: 'label' }, label),
      el('span', { class: 'value' }, value),
      detail ? el('span', { class: 'detail' }, detail) : null);
  }

  function tiles(d) {
    const x = d.dispatch || {};
    return el('section', { class: 'tiles', 'aria-label': 'Totals' },
      tile('decisions', 'Decisions', num(d.decisions), 'routed in ' + (WINDOWS[currentWindow()] || 'the window')),
      tile('refused', 'Refused', num(d.refused), pct(ratio(d.refused, d.decisions)) + ' of decisions'),
      tile('dispatched', 'Dispatched', num(x.dispatched), 'sent to a provider'),
      tile('fallbacks', 'Fallbacks', num(x.fallbacks), pct(ratio(x.fallbacks, x.dispatched)) + ' served by a fallback'),
      tile('escalations', 'Escalation rate', pct(ratio(x.escalations, x.dispatched)), num(x.escalations) + ' escalated'),
      tile('errors', 'Errors', num(x.errors), pct(ratio(x.errors, x.dispatched)) + ' of dispatches failed'),
      tile('retries', 'Retries', num(x.retries), 'conversations retried by the client'),
      tile('regression', 'Regression', d.regression_flagged
        ? el('span', { class: 'worse' }, 'flagged') : el('span', { class: 'better' }, 'none'),
        d.regression_flagged ? 'the promoted policy does worse than the one before' : 'promoted policy holds up'));
  }

  function directions(d) {
    const q = d.quality_direction || {};
    const c = d.cost_direction || {};
    const weaker = q.negative_on_weaker_model || 0;
    const strongest = q.negative_on_strongest_model || 0;
    const quality = panel('Too weak: quality direction', { class: 'panel direction', dataset: { panel: 'quality' } },
      el('p', { class: 'big' }, pct(q.rate), el('span', { class: 'unit' }, ' of judged decisions')),
      el('p', {}, 'Of ' + num(q.judged) + ' decisions with a judged outcome, ' + num(weaker) + ' went badly on a model '
        + 'weaker (for the task) than the best the catalog has: routing chose too cheap. ' + num(strongest)
        + ' went badly even on the strongest model — no routing change would have helped those.'),
      q.judged ? barsChart('Quality direction: judged ' + q.judged + ', negative on a weaker model ' + weaker
        + ', negative on the strongest ' + strongest, ['judged', 'negative, weaker model', 'negative, strongest model'],
        [q.judged, weaker, strongest], '#b45309') : el('p', { class: 'empty' }, 'No feedback yet.'));
    const byModel = Object.entries(c.by_active_model || {});
    const cost = panel('Too strong: cost direction', { class: 'panel direction', dataset: { panel: 'cost' } },
      el('p', { class: 'big' }, usd(c.avoidable_cost_usd), el('span', { class: 'unit' }, ' avoidable')),
      el('p', {}, c.shadow_evaluated
        ? num(c.cheaper_candidate_no_complaint) + ' of ' + num(c.shadow_evaluated) + ' shadow-evaluated decisions: '
          + 'the candidate policy chose a cheaper model and the active choice drew no complaint.'
        : 'Needs a candidate policy in shadow mode: without one, nothing says a cheaper model would have done.'),
      byModel.length ? barsChart('Cost direction by active model: ' + byModel.map((e) => e[0] + ' ' + e[1]).join(', '),
        byModel.map((e) => e[0]), byModel.map((e) => e[1]), '#0e7490') : null);
    return el('div', { class: 'row two' }, quality, cost);
  }

  function shadowPanel(s) {
    if (!s) {
      return panel('Shadow policy', { dataset: { panel: 'shadow' } },
        el('p', { class: 'empty' }, 'No candidate policy is in shadow mode (GET /v1/policy/shadow).'));
    }
    return panel('Shadow policy', { dataset: { panel: 'shadow' } },
      el('p', {}, 'Candidate ', el('code', {}, s.candidate_version), ' against active ', el('code', {}, s.active_version),
        ': ' + num(s.diverged) + ' of ' + num(s.evaluated) + ' decisions diverged.'),
      intervalPlot('Divergence ' + pct(s.rate) + ' (95 % interval ' + pct(s.rate_low) + ' – ' + pct(s.rate_high) + ')',
        s.rate, s.rate_low, s.rate_high),
      el('p', {}, 'Cost change per 1000 decisions if promoted: ',
        el('strong', { class: s.cost_delta_per1000_usd > 0 ? 'worse' : 'better' }, usd(s.cost_delta_per1000_usd))));
  }

  function diffBlock(diff) {
    return el('pre', { class: 'diff' }, (diff || '').split('\n').map((line) =>
      el('span', { class: line.startsWith('+') ? 'add' : line.startsWith('-') ? 'del' : '' }, line + '\n')));
  }

  function driftPanel(flags) {
    if (!flags || !flags.length) {
      return panel('Drift', { dataset: { panel: 'drift' } },
        el('p', { class: 'empty' }, 'No catalog score is out of line with measured outcomes.'));
    }
    return panel('Drift: catalog scores against measured outcomes', { dataset: { panel: 'drift' } },
      el('ul', { class: 'flags' }, flags.map((f) => el('li', { class: 'flag' },
        el('h3', {}, f.model, ' × ', f.task_type, ' ',
          el('span', { class: 'badge ' + (f.direction === 'down' ? 'bad' : 'info') }, f.direction || ''),
          f.needs_approval ? el('span', { class: 'badge warn' }, 'needs approval') : null),
        intervalPlot('Measured ' + f.measured.toFixed(3) + ' (interval ' + f.measured_low.toFixed(3) + ' – '
          + f.measured_high.toFixed(3) + ', ' + f.outcomes + ' outcomes); catalog ' + f.catalog_score.toFixed(3)
          + ' → proposed ' + f.proposed_score.toFixed(3), f.measured, f.measured_low, f.measured_high,
          [{ value: f.catalog_score, label: 'catalog ' + f.catalog_score, kind: 'catalog' },
            { value: f.proposed_score, label: 'proposed ' + f.proposed_score, kind: 'proposed' }]),
        el('details', {}, el('summary', {}, 'Proposed catalog change'), diffBlock(f.diff))))),
      el('p', { class: 'legend' }, el('span', { class: 'key point' }), ' measured, with its interval  ',
        el('span', { class: 'key catalog' }), ' catalog score  ', el('span', { class: 'key proposed' }), ' proposed'));
  }

  function budgetsPanel(budgets) {
    if (!budgets || !budgets.length) {
      return panel('Budgets', { dataset: { panel: 'budgets' } }, el('p', { class: 'empty' }, 'No tenant budgets configured.'));
    }
    const line = (tenant, period, spent, limit) => el('div', { class: 'budget' },
      el('span', { class: 'who' }, tenant, ' ', el('small', {}, period)),
      meterBar(tenant + ' ' + period + ': ' + usd(spent) + (limit ? ' of ' + usd(limit) : ', no limit'), spent, limit),
      el('span', { class: 'amount' }, usd(spent) + (limit ? ' / ' + usd(limit) : ' (no limit)')));
    return panel('Budgets', { dataset: { panel: 'budgets' } }, budgets.map((b) => [
      line(b.tenant, 'today', b.spent_today_usd, b.daily_usd),
      line(b.tenant, 'this month', b.spent_month_usd, b.monthly_usd)]));
  }

  function recentPanel(rows) {
    const table = el('table', { class: 'recent' },
      el('caption', {}, 'Most recent decisions (newest first); select a row for its explanation'),
      el('thead', {}, el('tr', {}, ['Time', 'Decision', 'Tenant', 'Task', 'Tier', 'Model', 'Strategy', 'Result',
        'Est. cost'].map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, (rows || []).map((r) => {
        const href = '#/decisions/' + encodeURIComponent(r.decision_id);
        return el('tr', { class: r.refused ? 'refused' : '', dataset: { decision: r.decision_id },
          onclick: (e) => { if (e.target.tagName !== 'A') location.hash = href; } },
        el('td', {}, when(r.at)),
        el('td', {}, el('a', { href: href, class: 'id' }, r.decision_id)),
        el('td', {}, r.tenant || '—'),
        el('td', {}, r.task_type || '—'),
        el('td', {}, r.tier || '—'),
        el('td', {}, r.refused ? el('span', { class: 'badge bad' }, 'refused') : r.model || '—'),
        el('td', {}, r.strategy || '—'),
        el('td', {}, r.result || (r.refused ? '' : 'not dispatched')),
        el('td', { class: 'num' }, usd(r.estimated_cost_usd)));
      })));
    return panel('Recent decisions', { class: 'panel wide', dataset: { panel: 'recent' } },
      rows && rows.length ? table : el('p', { class: 'empty' }, 'No decisions yet.'));
  }

  function renderOverview(d) {
    disposeCharts();
    const root = $('#overview');
    root.replaceChildren(
      el('p', { class: 'since' }, 'Since ' + when(d.since) + ' — ' + (WINDOWS[currentWindow()] || d.window_seconds + ' s')),
      tiles(d),
      el('div', { class: 'row three' },
        panel('Routing by model', { dataset: { panel: 'by-model' } }, seriesChart('Decisions by model', d.by_model)),
        panel('Routing by tier', { dataset: { panel: 'by-tier' } }, seriesChart('Decisions by latency tier', d.by_tier)),
        panel('Routing by task type', { dataset: { panel: 'by-task' } }, seriesChart('Decisions by task type', d.by_task_type))),
      el('div', { class: 'row two' },
        panel('Cost per model', { dataset: { panel: 'cost-model' } }, costChart('Cost per model', d.cost_by_model)),
        panel('Cost per tenant', { dataset: { panel: 'cost-tenant' } }, costChart('Cost per tenant', d.cost_by_tenant))),
      directions(d),
      el('div', { class: 'row two' }, shadowPanel(d.shadow), budgetsPanel(d.budgets)),
      driftPanel(d.drift),
      recentPanel(d.recent));
    drawPending();
  }

  async function showOverview() {
    $('#decision').hidden = true;
    $('#overview').hidden = false;
    document.title = 'policy-router · routing dashboard';
    document.body.dataset.state = 'loading';
    status('Loading ' + (WINDOWS[currentWindow()] || '') + '…');
    try {
      const d = await getJson('/v1/stats/dashboard?window=' + encodeURIComponent(currentWindow()));
      renderOverview(d);
      status('');
      document.body.dataset.state = 'ready';
    } catch (e) {
      status('Could not load the dashboard: ' + e.message, 'error');
      document.body.dataset.state = 'error';
    }
  }

  // ------------------------------------------------------------------ one decision

  function dl(pairs) {
    return el('dl', { class: 'facts' }, pairs.filter((p) => p[1] !== null && p[1] !== undefined && p[1] !== '')
      .map(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]));
  }

  function table(caption, headers, rows, cls) {
    return el('table', { class: cls || '' },
      el('caption', {}, caption),
      el('thead', {}, el('tr', {}, headers.map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, rows.map((r) => el('tr', {}, r.map((c) => el('td', {}, c === null || c === undefined ? '—' : c))))));
  }

  function scalar(v) {
    if (v === null || v === undefined) return '—';
    if (typeof v === 'object') return JSON.stringify(v);
    return String(v);
  }

  /** Any list of flat objects (dispatch attempts) as a table with the union of their keys. */
  function objectsTable(caption, list) {
    const keys = [];
    list.forEach((o) => Object.keys(o || {}).forEach((k) => { if (!keys.includes(k)) keys.push(k); }));
    return table(caption, keys.map((k) => k.replace(/_/g, ' ')), list.map((o) => keys.map((k) => scalar((o || {})[k]))));
  }

  function renderDecision(v) {
    const x = v.explanation || {};
    const chain = [x.primary].concat(x.fallbacks || []).filter(Boolean);
    const sections = [
      el('p', {}, el('a', { href: '#/' }, '← Dashboard')),
      el('h2', {}, 'Decision ', el('code', { class: 'id' }, v.decision_id)),
      dl([
        ['Recorded', when(v.recorded_at_ms)],
        ['Replica', v.replica],
        ['Policy version', v.policy_version ? el('code', {}, v.policy_version) : null],
        ['Strategy', x.strategy],
        ['Latency tier', x.latency_tier ? x.latency_tier.name + ' (p95 ≤ ' + x.latency_tier.max_p95_ms + ' ms'
          + (x.latency_tier.defaulted ? ', default' : '') + ')' : null],
        ['Requirement', x.requirement ? x.requirement.capability + ' ≥ ' + x.requirement.primary_min_score
          + (x.requirement.cost_led ? ', cost-led' : '') + (x.requirement.uncertain_facts ? ', uncertain facts' : '') : null],
        ['Estimated cost', usd(x.estimated_cost_usd)],
        ['Degraded', x.degraded ? 'yes — the safe default answered' : null],
        ['Refused', x.refusal ? x.refusal.reason + (x.refusal.source ? ' (' + x.refusal.source + ')' : '') : null],
      ]),
    ];
    sections.push(panel('Fired rules', { class: 'panel wide', dataset: { panel: 'fired-rules' } },
      (x.fired_rules || []).length
        ? table('Rules that fired, where each lives (file, sheet, row)', ['Rule', 'File', 'Sheet', 'Table', 'Row',
          'Reason', 'Firings'], x.fired_rules.map((r) => [r.rule, r.file, r.sheet, r.table,
          r.row === null || r.row === undefined ? null : String(r.row), r.reason, String(r.firings)]), 'rules')
        : el('p', { class: 'empty' }, 'No rule fired.')));
    sections.push(el('div', { class: 'row two' },
      panel('Chain', { dataset: { panel: 'chain' } }, chain.length
        ? el('ol', { class: 'chain' }, chain.map((t, i) => el('li', {},
          el('strong', {}, t.model), ' on ', t.provider, el('span', { class: 'badge info' }, i === 0 ? 'primary' : 'fallback ' + i),
          el('div', { class: 'detail' }, 'score ' + t.score + ' · ' + usd(t.estimated_cost_usd) + ' · timeout '
            + t.timeout_ms + ' ms' + (t.chosen_by ? ' · ' + t.chosen_by : '')))))
        : el('p', { class: 'empty' }, 'No chain: the request was refused.')),
      panel('Removed candidates', { dataset: { panel: 'removed' } }, (x.removed_candidates || []).length
        ? table('Models the constraints removed, and why', ['Model', 'Provider', 'Reasons'],
          x.removed_candidates.map((r) => [r.model, r.provider, el('ul', {}, (r.reasons || []).map((s) => el('li', {}, s)))]))
        : el('p', { class: 'empty' }, 'No candidate was removed.'))));
    if ((x.constraints || []).length) {
      sections.push(panel('Constraints', {}, el('ul', {}, x.constraints.map((c) => el('li', {},
        el('code', {}, c.constraint), c.source ? ' — ' + c.source : '')))));
    }
    const d = v.dispatch;
    sections.push(panel('Dispatch', { class: 'panel wide', dataset: { panel: 'dispatch' } }, d
      ? [dl([['Result', d.result], ['Status', String(d.status)], ['Served by', d.model + ' on ' + d.provider],
        ['Stream', d.stream ? 'yes' : 'no'], ['Actual cost', usd(d.cost_usd)],
        ['Tokens', d.prompt_tokens === undefined ? null : d.prompt_tokens + ' in, ' + d.completion_tokens + ' out'],
        ['Duration', d.duration_ms + ' ms']]),
      Array.isArray(d.attempts) && d.attempts.length ? objectsTable('Attempts, in order', d.attempts) : null]
      : el('p', { class: 'empty' }, 'Not dispatched (routed with /v1/route, or refused).')));
    if (v.shadow) {
      const s = v.shadow;
      sections.push(panel('Shadow', { dataset: { panel: 'shadow-decision' } }, dl([
        ['Candidate', s.candidate_version], ['Candidate model', s.candidate_model],
        ['Differs', ['primary', 'chain', 'strategy', 'refusal'].filter((k) => s[k + '_differs']).join(', ') || 'no'],
        ['Cost change', usd(s.cost_delta_usd)]])));
    }
    sections.push(panel('Feedback', { dataset: { panel: 'feedback' } }, (v.feedback || []).length
      ? table('Outcomes reported for this decision', ['Source', 'At', 'Outcome', 'Score', 'Detail'],
        v.feedback.map((f) => [f.source, when(f.at_ms), f.outcome, f.score === null || f.score === undefined ? null
          : String(f.score), f.detail]))
      : el('p', { class: 'empty' }, 'No feedback yet (POST /v1/feedback).')));
    if ((x.notes || []).length) sections.push(panel('Notes', {}, el('ul', {}, x.notes.map((n) => el('li', {}, n)))));
    sections.push(el('details', { class: 'raw' }, el('summary', {}, 'Facts the decision was made on'),
      el('pre', {}, JSON.stringify(v.facts, null, 2))));
    $('#decision').replaceChildren(...sections);
  }

  async function showDecision(id) {
    disposeCharts();
    $('#overview').hidden = true;
    const view = $('#decision');
    view.hidden = false;
    view.replaceChildren();
    document.title = 'Decision ' + id + ' · policy-router';
    document.body.dataset.state = 'loading';
    status('Loading decision ' + id + '…');
    try {
      renderDecision(await getJson('/v1/decisions/' + encodeURIComponent(id)));
      status('');
      document.body.dataset.state = 'decision';
    } catch (e) {
      view.replaceChildren(el('p', {}, el('a', { href: '#/' }, '← Dashboard')));
      status('Could not load decision ' + id + ': ' + e.message, 'error');
      document.body.dataset.state = 'error';
    }
    window.scrollTo(0, 0);
  }

  // ------------------------------------------------------------------ routing

  function route() {
    const m = DECISION_ROUTE.exec(location.hash);
    if (m) showDecision(m[1]);
    else showOverview();
  }

  function start() {
    const w = currentWindow();
    document.querySelectorAll('input[name=window]').forEach((r) => {
      r.checked = r.value === w;
      r.addEventListener('change', () => {
        const u = new URL(location.href);
        u.searchParams.set('window', r.value);
        u.hash = '#/';
        history.replaceState(null, '', u);
        route();
      });
    });
    $('#refresh').addEventListener('click', route);
    window.addEventListener('hashchange', route);
    route();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
