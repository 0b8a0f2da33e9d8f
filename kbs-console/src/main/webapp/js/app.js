// The console's router and its attestation views. Every view reads the admin API (api.js).
import { call, token, signOut, sessionRef } from './api.js';
import { el, table, banner, show, confirmDialog, fmtTime, action } from './ui.js';
import { referenceValuesView, secretsView, policiesView, auditView } from './manage.js';

const OUTCOMES = [
  ['affirming', 'Affirming', '#2e7d32'],
  ['warning', 'Warning', '#b26a00'],
  ['contraindicated', 'Contraindicated', '#c62828'],
  ['refused', 'Refused evidence', '#6a1b9a'],
  ['not_affirming', 'Not affirming (not split)', '#616161'],
];

const routes = {
  overview: overviewView,
  attestations: attestationsView,
  attestation: attestationView,
  'reference-values': referenceValuesView,
  secrets: secretsView,
  policies: policiesView,
  audit: auditView,
};

async function route() {
  const [name, arg] = (location.hash.slice(1) || 'overview').split('/');
  const view = routes[name] || overviewView;
  document.querySelectorAll('[data-nav]').forEach((a) => {
    const current = a.dataset.nav === name || (name === 'attestation' && a.dataset.nav === 'attestations');
    if (current) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  });
  try {
    await view(arg ? decodeURIComponent(arg) : undefined);
  } catch (e) {
    show('Error', banner('error', e.message));
  }
}

if (!token()) {
  location.replace('login.html');
} else {
  document.getElementById('sign-out').addEventListener('click', signOut);
  window.addEventListener('hashchange', route);
  route();
}

// ---- Overview ----------------------------------------------------------------------------------

async function overviewView(windowArg) {
  const win = windowArg === '24h' ? '24h' : '1h';
  const [summary, status, metrics] = await Promise.all([
    call('GET', '/kbs/v0/appraisal/summary', { query: { window: win } }),
    call('GET', '/kbs/v0/status'),
    call('GET', '/metrics', { accept: 'text/plain' }).catch(() => ''),
  ]);
  const chartBox = el('div', { class: 'chart', id: 'outcome-chart', role: 'img',
    'aria-label': 'Attestations per interval by outcome; the totals table below has the numbers' });
  const totals = OUTCOMES.filter(([k]) => k !== 'not_affirming' || summary.totals[k] > 0)
    .map(([k, label]) => [label, String(summary.totals[k])]);
  const switcher = el('p', { class: 'switch' }, 'Window: ',
    el('a', { href: '#overview/1h', 'aria-current': win === '1h' ? 'true' : null }, 'last hour'), ' · ',
    el('a', { href: '#overview/24h', 'aria-current': win === '24h' ? 'true' : null }, 'last day'));
  const rateLimited = parseCounter(metrics, 'kbs_rate_limit_rejections_total');
  show('Overview',
    switcher,
    el('section', { class: 'card wide', 'aria-labelledby': 'h-att' },
      el('h2', { id: 'h-att' }, 'Attestations by outcome'),
      chartBox,
      table('Totals, ' + (win === '1h' ? 'last hour' : 'last day'), ['Outcome', 'Count'], totals, { id: 'totals' }),
      summary.complete ? null : banner('warn', 'More records than the overview counts: the oldest are left out.')),
    el('div', { class: 'cards' },
      el('section', { class: 'card', 'aria-labelledby': 'h-top' },
        el('h2', { id: 'h-top' }, 'Top failing checks'),
        summary.top_failed_claims.length + summary.top_refused_checks.length === 0
          ? el('p', {}, 'None in this window.')
          : table('Failed claims and refused verifier checks', ['Check', 'Count'],
            [...summary.top_failed_claims.map((c) => [c.name, String(c.count)]),
              ...summary.top_refused_checks.map((c) => ['refused: ' + c.name, String(c.count)])],
            { id: 'top-failing' })),
      el('section', { class: 'card', 'aria-labelledby': 'h-rl' },
        el('h2', { id: 'h-rl' }, 'Rate-limit rejections'),
        rateLimited.length === 0 ? el('p', {}, 'None since this replica started.')
          : table('Since this replica started', ['Reason', 'Count'], rateLimited.map((r) => [r.label, String(r.value)]))),
      el('section', { class: 'card', 'aria-labelledby': 'h-amd' },
        el('h2', { id: 'h-amd' }, 'TEEs and AMD chains'),
        table('Verifiers on offer', ['TEE', 'Available', 'AMD products', 'Loaded'],
          status.tees.map((t) => [t.name, t.available ? 'yes' : 'no: ' + (t.problem || ''),
            t.amd_products ? (t.amd_products.join(', ') || 'none') : '-', fmtTime(t.amd_loaded_at)]),
          { id: 'tees' })),
      el('section', { class: 'card', 'aria-labelledby': 'h-db' },
        el('h2', { id: 'h-db' }, 'Database and replica'),
        el('dl', { id: 'health' },
          el('dt', {}, 'Database'),
          el('dd', {}, status.database ? (status.database.ok ? 'answers (' + status.database.millis + ' ms)' : 'DOWN: ' + status.database.problem) : '-'),
          el('dt', {}, 'Replica'),
          el('dd', {}, status.replica ? status.replica.host + ', up since ' + fmtTime(status.replica.started_at) + ', version ' + status.replica.version : '-'),
          el('dt', {}, 'Warnings'),
          el('dd', {}, Object.keys(status.warnings).length === 0 ? 'none'
            : el('ul', {}, Object.entries(status.warnings).map(([k, v]) => el('li', {}, k + ': ' + v))))))));
  drawChart(chartBox, summary);
}

function parseCounter(text, name) {
  const out = [];
  for (const line of (text || '').split('\n')) {
    if (!line.startsWith(name)) continue;
    const m = line.match(/^[a-z_]+\{?(.*?)\}?\s+([0-9.eE+-]+)$/);
    if (m) out.push({ label: m[1] || 'all', value: Number(m[2]) });
  }
  return out;
}

function drawChart(box, summary) {
  if (typeof uPlot === 'undefined') {
    box.append(banner('warn', 'The chart library did not load; the table has the numbers.'));
    return;
  }
  // stacked bars: each outcome's bar stands on the ones before it; drawn from the tallest
  // (all outcomes) down, so that each shorter stack covers the lower part of the one before
  const shown = OUTCOMES.filter(([k]) => k !== 'not_affirming' || summary.totals[k] > 0);
  const half = summary.bucket_seconds / 2;
  const xs = summary.buckets.map((b) => Date.parse(b.start) / 1000 + half); // bucket centres
  const raw = shown.map(([k]) => summary.buckets.map((b) => b[k]));
  const stacked = [];
  let acc = xs.map(() => 0);
  raw.forEach((r) => { acc = acc.map((a, j) => a + r[j]); stacked.push(acc); });
  const order = shown.map((_, i) => i).reverse();
  const bars = uPlot.paths.bars({ size: [0.7, 40], align: 0 });
  const width = Math.max(320, Math.min(box.clientWidth || 800, 1100));
  // eslint-disable-next-line no-new, no-undef
  new uPlot({
    width,
    height: 260,
    scales: {
      x: { time: true, range: (u, min, max) => [min - half, max + half] },
      y: { range: (u, min, max) => [0, Math.max(1, max)] },
    },
    axes: [{}, { label: 'attestations per ' + Math.round(summary.bucket_seconds / 60) + ' min' }],
    series: [{}, ...order.map((i) => ({
      label: shown[i][1],
      stroke: shown[i][2],
      fill: shown[i][2],
      paths: bars,
      points: { show: false },
      value: (u, v, si, idx) => (idx === null || idx === undefined ? '--' : raw[i][idx]),
    }))],
  }, [xs, ...order.map((i) => stacked[i])], box);
}

// ---- Attestations ------------------------------------------------------------------------------

async function attestationsView() {
  const form = el('form', { class: 'filters', id: 'att-filters' },
    el('label', { for: 'f-since' }, 'Since'),
    el('select', { id: 'f-since' },
      el('option', { value: '1' }, 'last hour'), el('option', { value: '24' }, 'last day'),
      el('option', { value: '168' }, 'last week')),
    el('label', { for: 'f-status' }, 'Status'),
    el('select', { id: 'f-status' },
      el('option', { value: '' }, 'any'), el('option', { value: 'failed' }, 'not affirming or refused'),
      el('option', { value: 'affirming' }, 'affirming'), el('option', { value: 'not-affirming' }, 'not affirming'),
      el('option', { value: 'refused' }, 'refused')),
    el('label', { for: 'f-tee' }, 'TEE'),
    el('input', { id: 'f-tee', type: 'text', placeholder: 'e.g. az-snp-vtpm' }),
    el('button', { type: 'submit' }, 'Apply'));
  const results = el('div', { id: 'att-results' });
  show('Attestations', form, results);
  const load = async () => {
    const hours = Number(document.getElementById('f-since').value);
    const status = document.getElementById('f-status').value;
    const tee = document.getElementById('f-tee').value.trim();
    const since = new Date(Date.now() - hours * 3600 * 1000).toISOString();
    const list = await call('GET', '/kbs/v0/appraisal', { query: { since, limit: 500 } });
    const rows = [];
    for (const a of list) {
      if (status === 'failed' ? a.status === 'affirming' : status && a.status !== status) continue;
      if (tee && a.tee !== tee) continue;
      rows.push(el('tr', { class: a.status === 'affirming' ? '' : 'failed' },
        el('td', {}, el('a', { href: '#attestation/' + a.id }, String(a.id))),
        el('td', {}, fmtTime(a.time)),
        el('td', {}, await sessionRef(a.session)),
        el('td', {}, a.tee),
        el('td', {}, el('span', { class: 'status ' + a.status }, a.status)),
        el('td', {}, failedClaims(a.record))));
    }
    results.replaceChildren(rows.length === 0 ? el('p', {}, 'No attestation matches.')
      : table(rows.length + ' attestations (newest first)', ['ID', 'Time', 'Guest', 'TEE', 'Status', 'Failed claims'], rows, { id: 'attestations' }));
  };
  form.addEventListener('submit', (e) => { e.preventDefault(); load().catch((err) => results.replaceChildren(banner('error', err.message))); });
  await load();
}

function failedClaims(record) {
  if (record && record.refused) return 'refused: ' + record.refused.check;
  const out = [];
  const subs = (record && record.public_summary && record.public_summary.submods) || {};
  for (const [sub, s] of Object.entries(subs)) {
    for (const [claim, value] of Object.entries(s.claims || {})) out.push(sub + '.' + claim + '=' + value);
  }
  return out.length ? out.join(', ') : '-';
}

async function attestationView(id) {
  const a = await call('GET', '/kbs/v0/appraisal/' + encodeURIComponent(id));
  const rec = a.record || {};
  const parts = [
    el('dl', { class: 'facts' },
      el('dt', {}, 'Time'), el('dd', {}, fmtTime(a.time)),
      el('dt', {}, 'Guest'), el('dd', {}, await sessionRef(a.session)),
      el('dt', {}, 'TEE'), el('dd', {}, a.tee),
      el('dt', {}, 'Status'), el('dd', {}, el('span', { class: 'status ' + a.status, id: 'att-status' }, a.status))),
  ];
  if (rec.refused) {
    parts.push(banner('error', 'Evidence refused before appraisal: ' + rec.refused.check + (rec.refused.reason ? ' — ' + rec.refused.reason : '')));
  }
  const failedNames = new Set();
  for (const [sub, s] of Object.entries(rec.submods || {})) {
    const tv = Object.entries(s.trust_vector || {});
    if (tv.length) {
      parts.push(table('Trust vector of ' + sub + ' (EAR status ' + s['ear.status'] + ')', ['Claim', 'Value', 'Tier'],
        tv.map(([c, v]) => el('tr', { class: v.tier === 'affirming' || v.tier === 'none' ? '' : 'mismatch' },
          el('td', {}, c), el('td', {}, String(v.value)), el('td', {}, v.tier)))));
    }
    const pcrs = [];
    const others = [];
    for (const c of s.reference_value_checks || []) {
      const name = c.claim || c.reference_value || '';
      const expected = Array.isArray(c.registered) ? c.registered : c.registered === undefined ? [] : [c.registered];
      const row = el('tr', { class: c.matched ? 'match' : 'mismatch' },
        el('td', {}, (name.match(/pcr(\d{1,2})$/) || [])[0] || name),
        el('td', { class: 'digest' }, expected.length ? expected.join('\n') : '(not registered)'),
        el('td', { class: 'digest' }, c.observed === undefined ? '-' : String(c.observed)),
        el('td', {}, c.matched ? 'yes' : 'NO'));
      if (!c.matched && c.reference_value) failedNames.add(c.reference_value);
      (/pcr\d{1,2}$/.test(name) ? pcrs : others).push(row);
    }
    if (pcrs.length) {
      parts.push(table('PCRs of ' + sub + ': expected vs observed', ['PCR', 'Expected (registered)', 'Observed', 'Match'], pcrs, { id: 'pcr-diff', class: 'diff' }));
    }
    if (others.length) {
      parts.push(table('Other reference values of ' + sub, ['Claim', 'Expected (registered)', 'Observed', 'Match'], others, { class: 'diff' }));
    }
  }
  const proposal = rec.proposed_reference_values || [];
  if (proposal.length) {
    const out = el('div', { id: 'promote-result' });
    const boxes = proposal.map((v) => {
      const cb = el('input', { type: 'checkbox', id: 'promote-' + v.name, value: v.name,
        checked: failedNames.size === 0 || failedNames.has(v.name) });
      return el('li', {}, cb, ' ', el('label', { for: 'promote-' + v.name }, v.name + ' = ' + JSON.stringify(v.value)));
    });
    parts.push(el('section', { class: 'card wide', 'aria-labelledby': 'h-promote' },
      el('h2', { id: 'h-promote' }, 'Promote to reference values'),
      el('p', {}, 'Store the observed values you tick as reference values (added to the values already registered; recorded in the audit trail as rv.promote). Only promote what you have reviewed.'),
      el('ul', { class: 'checks' }, boxes),
      action('Promote selected…', async () => {
        const names = boxes.map((li) => li.querySelector('input')).filter((c) => c.checked).map((c) => c.value);
        if (names.length === 0) throw new Error('Select at least one value.');
        const ok = await confirmDialog('Promote ' + names.length + ' value(s)?',
          el('p', {}, 'These observed values become reference values: future guests with them are affirmed.'),
          el('ul', {}, names.map((n) => el('li', {}, n))));
        if (!ok) return;
        const stored = await call('POST', '/kbs/v0/appraisal/' + encodeURIComponent(id) + '/promotion', { query: { name: names } });
        out.replaceChildren(banner('ok', 'Stored reference values: ' + stored.join(', ') + '. The guest is affirmed at its next attestation.'));
      }, out, { id: 'promote' }),
      out));
  }
  show('Attestation ' + id, ...parts);
}
