// Reference values, secrets, policies and the audit trail: every change goes through the same
// admin API as kbs-client, so it is checked, stored and audited the same way.
import { call, b64url } from './api.js';
import { el, table, banner, show, confirmDialog, fmtTime, action } from './ui.js';

// ---- Reference values --------------------------------------------------------------------------

export async function referenceValuesView() {
  const list = await call('GET', '/kbs/v0/reference-value');
  const search = el('input', { id: 'rv-search', type: 'search', placeholder: 'name contains…', 'aria-label': 'Search reference values' });
  const listBox = el('div', { id: 'rv-list' });
  const history = el('div', { id: 'rv-history' });
  const render = () => {
    const q = search.value.trim().toLowerCase();
    const rows = list.filter((v) => v.name.toLowerCase().includes(q)).map((v) => el('tr', { class: v.expired ? 'expired' : '' },
      el('td', {}, el('button', { type: 'button', class: 'link', onclick: () => showHistory(v.name, history) }, v.name)),
      el('td', { class: 'digest' }, JSON.stringify(v.value)),
      el('td', {}, fmtTime(v.expiration) + (v.expired ? ' (expired)' : '')),
      el('td', {}, v.source || 'api')));
    listBox.replaceChildren(rows.length === 0 ? el('p', {}, 'No reference value matches.')
      : table(rows.length + ' reference values', ['Name', 'Value', 'Expires', 'Source'], rows, { id: 'reference-values' }));
  };
  search.addEventListener('input', render);
  render();
  show('Reference values', el('p', {}, search), listBox, history, eventLogPanel());
}

async function showHistory(name, box) {
  const versions = await call('GET', '/kbs/v0/reference-value/' + encodeURIComponent(name) + '/history');
  box.replaceChildren(table('History of ' + name + ' (newest first)', ['Recorded', 'Event', 'Source', 'Expires', 'Value'],
    versions.map((v) => [fmtTime(v.recorded_at), v.event, v.source, fmtTime(v.expiration), JSON.stringify(v.value)])));
  box.querySelector('caption').scrollIntoView();
}

function eventLogPanel() {
  const file = el('input', { type: 'file', id: 'eventlog-file' });
  const prefix = el('input', { type: 'text', id: 'eventlog-prefix', value: 'snp' });
  const preview = el('div', { id: 'eventlog-preview' });
  let bytes = null;
  const send = (register) => call('POST', '/kbs/v0/reference-value/from-eventlog',
    { body: bytes, query: { prefix: prefix.value.trim(), register: String(register) } });
  return el('section', { class: 'card wide', 'aria-labelledby': 'h-el' },
    el('h2', { id: 'h-el' }, 'Register from a TPM event log'),
    el('p', {}, 'Upload a guest\'s binary_bios_measurements: the KBS replays it and shows the PCRs it produces; nothing is stored until you save.'),
    el('label', { for: 'eventlog-file' }, 'Event log'), file,
    el('label', { for: 'eventlog-prefix' }, 'Name prefix'), prefix,
    action('Preview PCRs', async () => {
      if (!file.files[0]) throw new Error('Choose an event log file.');
      bytes = new Uint8Array(await file.files[0].arrayBuffer());
      const values = await send(false);
      preview.replaceChildren(
        table('PCRs this log produces (not stored yet)', ['Name', 'Value'], values.map((v) => [v.name, JSON.stringify(v.value)]), { id: 'eventlog-pcrs' }),
        action('Save ' + values.length + ' reference values', async () => {
          const stored = await send(true);
          preview.replaceChildren(banner('ok', 'Stored ' + stored.length + ' reference values.'));
        }, preview, { id: 'eventlog-save' }));
      preview.scrollIntoView();
    }, preview, { id: 'eventlog-preview-button' }),
    preview);
}

// ---- Secrets -----------------------------------------------------------------------------------

export async function secretsView() {
  const out = el('div', { id: 'secret-result' });
  const listBox = el('div', { id: 'secret-list' });
  const reload = async () => {
    const list = await call('GET', '/kbs/v0/resource');
    listBox.replaceChildren(list.length === 0 ? el('p', {}, 'No secrets stored.')
      : table(list.length + ' secrets (values are never shown)', ['Path', 'Changed', ''], list.map((r) => [
        r.path, fmtTime(r.updated),
        action('Delete…', async () => {
          const ok = await confirmDialog('Delete secret ' + r.path + '?',
            el('p', {}, 'Guests can no longer fetch it. This cannot be undone (the audit trail keeps the event).'));
          if (!ok) return;
          await call('DELETE', '/kbs/v0/resource/' + r.path);
          out.replaceChildren(banner('ok', 'Deleted ' + r.path + '.'));
          await reload();
        }, out, { 'aria-label': 'Delete ' + r.path, class: 'danger' })]), { id: 'secrets' }));
  };
  const path = el('input', { id: 'secret-path', type: 'text', placeholder: 'repository/type/tag', required: true });
  const file = el('input', { id: 'secret-file', type: 'file' });
  const text = el('textarea', { id: 'secret-text', rows: '3', spellcheck: 'false', autocomplete: 'off' });
  const form = el('section', { class: 'card wide', 'aria-labelledby': 'h-set' },
    el('h2', { id: 'h-set' }, 'Set a secret'),
    el('label', { for: 'secret-path' }, 'Path'), path,
    el('label', { for: 'secret-file' }, 'Value from a file'), file,
    el('label', { for: 'secret-text' }, 'or typed value'), text,
    action('Save secret', async () => {
      const p = path.value.trim();
      if (!/^[^/]+\/[^/]+\/[^/]+$/.test(p)) throw new Error('Path: repository/type/tag, three parts.');
      const body = file.files[0] ? new Uint8Array(await file.files[0].arrayBuffer()) : new TextEncoder().encode(text.value);
      if (body.length === 0) throw new Error('Value: choose a file or type a value.');
      await call('POST', '/kbs/v0/resource/' + p, { body });
      text.value = '';
      file.value = '';
      out.replaceChildren(banner('ok', 'Saved ' + p + '.'));
      await reload();
    }, out, { id: 'secret-save' }));
  show('Secrets', out, listBox, form);
  await reload();
}

// ---- Policies ----------------------------------------------------------------------------------

export async function policiesView() {
  const ids = await call('GET', '/kbs/v0/attestation-policy').catch(() => []);
  const which = el('select', { id: 'policy-which' },
    el('option', { value: 'resource' }, 'Resource policy'),
    ids.map((id) => el('option', { value: 'as:' + id }, 'Attestation policy ' + id)));
  const editor = el('textarea', { id: 'policy-text', rows: '24', spellcheck: 'false', wrap: 'off', 'aria-describedby': 'policy-result' });
  const gutter = el('pre', { class: 'gutter', 'aria-hidden': 'true' });
  const result = el('div', { id: 'policy-result' });
  const numbers = (mark) => {
    const n = editor.value.split('\n').length;
    gutter.replaceChildren(...Array.from({ length: n }, (_, i) =>
      el('span', { class: i + 1 === mark ? 'error-line' : '' }, String(i + 1))));
  };
  editor.addEventListener('input', () => { numbers(); result.replaceChildren(); });
  editor.addEventListener('scroll', () => { gutter.scrollTop = editor.scrollTop; });
  const load = async () => {
    result.replaceChildren();
    editor.value = which.value === 'resource'
      ? await call('GET', '/kbs/v0/resource-policy', { query: { view: 'text' }, accept: 'text/plain' })
      : await call('GET', '/policy/' + encodeURIComponent(which.value.slice(3)), { accept: 'text/plain' });
    numbers();
  };
  which.addEventListener('change', () => load().catch((e) => result.replaceChildren(banner('error', e.message))));
  const save = action('Save policy', async () => {
    const text = editor.value;
    try {
      if (which.value === 'resource') {
        await call('POST', '/kbs/v0/resource-policy', { body: JSON.stringify({ policy: b64url(text) }) });
      } else {
        await call('POST', '/kbs/v0/attestation-policy',
          { body: JSON.stringify({ type: 'rego', policy_id: which.value.slice(3), policy: b64url(text) }) });
      }
    } catch (e) {
      const m = /(\d+):(\d+)/.exec(e.message);
      numbers(m ? Number(m[1]) : undefined);
      result.replaceChildren(banner('error', (m ? 'Line ' + m[1] + ', column ' + m[2] + ': ' : '') + e.message));
      if (m) result.firstChild.id = 'policy-error';
      return;
    }
    numbers();
    result.replaceChildren(banner('ok', 'Saved. It applies to the next request, on every replica.'));
  }, result, { id: 'policy-save' });
  show('Policies',
    el('p', {}, el('label', { for: 'policy-which' }, 'Policy '), which),
    el('div', { class: 'editor' }, gutter, editor),
    el('p', {}, save), result, dryRunPanel(editor, which));
  await load();
}

function dryRunPanel(editor, which) {
  const claims = el('textarea', { id: 'dry-claims', rows: '8', spellcheck: 'false',
    value: JSON.stringify({ submods: { cpu0: { 'ear.status': 'affirming', 'ear.veraison.annotated-evidence': { 'az-snp-vtpm': {} } } } }, null, 2) });
  const path = el('input', { id: 'dry-path', type: 'text', value: 'default/key/1' });
  const out = el('div', { id: 'dry-result' });
  return el('section', { class: 'card wide', 'aria-labelledby': 'h-dry' },
    el('h2', { id: 'h-dry' }, 'Dry run (resource policy)'),
    el('p', {}, 'Evaluates the text in the editor against token claims and a resource path. Nothing is saved.'),
    el('label', { for: 'dry-claims' }, 'Token claims (JSON)'), claims,
    el('label', { for: 'dry-path' }, 'Resource path'), path,
    action('Run', async () => {
      if (which.value !== 'resource') throw new Error('The dry run evaluates resource policies: choose "Resource policy".');
      let parsed;
      try { parsed = JSON.parse(claims.value); } catch (e) { throw new Error('Claims: not JSON: ' + e.message); }
      const r = await call('POST', '/kbs/v0/resource-policy/dry-run',
        { body: JSON.stringify({ claims: parsed, 'resource-path': path.value.trim(), policy: b64url(editor.value) }) });
      out.replaceChildren(
        banner(r.allowed ? 'ok' : 'warn', (r.allowed ? 'Allowed' : 'Denied') + (r.reason ? ': ' + r.reason : '')),
        table('Rules consulted', ['Rule', 'Value'], Object.entries(r.rules || {}).map(([k, v]) => [k, JSON.stringify(v)])));
    }, out, { id: 'dry-run' }),
    out);
}

// ---- Audit -------------------------------------------------------------------------------------

export async function auditView() {
  const [events, verdict] = await Promise.all([
    call('GET', '/kbs/v0/audit', { query: { limit: 200 } }),
    call('GET', '/kbs/v0/audit/verify'),
  ]);
  const list = Array.isArray(events) ? events : events.events || [];
  show('Audit',
    verdict.intact
      ? banner('ok', 'Chain intact: ' + verdict.checked + ' events checked, head ' + verdict.head.seq + ' ' + verdict.head.hash.slice(0, 16) + '…')
      : banner('error', 'Chain BROKEN at event ' + verdict.broken.seq + ': ' + verdict.broken.reason),
    table(list.length + ' newest events', ['#', 'Time', 'Actor', 'Action', 'Target', 'Outcome', 'Request'],
      list.map((e) => [String(e.seq), fmtTime(e.time), e.actor.kind + ':' + e.actor.id, e.action, e.target,
        e.outcome + ' (' + e.status + ')', e.request_id]), { id: 'audit' }));
}
