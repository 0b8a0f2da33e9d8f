// Small DOM helpers: elements are built with textContent (never innerHTML with data), so values
// from the server cannot inject markup.

/** el('td', {class: 'x'}, 'text', child, …) */
export function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (k === 'checked' || k === 'value' || k === 'disabled' || k === 'selected') e[k] = v;
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

/** A table with a caption, column headers and rows of cells (strings or nodes). */
export function table(caption, headers, rows, attrs) {
  return el('table', attrs || {},
    el('caption', {}, caption),
    el('thead', {}, el('tr', {}, headers.map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, rows.map((r) => (r instanceof Node ? r : el('tr', {}, r.map((c) => el('td', {}, c)))))));
}

export function banner(kind, text) {
  return el('p', { class: 'banner ' + kind, role: kind === 'error' ? 'alert' : 'status' }, text);
}

/** Replaces the view's content and moves the focus to its heading. */
export function show(title, ...content) {
  const view = document.getElementById('view');
  view.replaceChildren(el('h1', { tabindex: '-1', id: 'view-title' }, title), ...content);
  document.title = title + ' · KBS console';
  document.getElementById('view-title').focus();
}

/** The confirmation dialog; resolves true when confirmed. */
export function confirmDialog(title, ...body) {
  const dialog = document.getElementById('confirm');
  document.getElementById('confirm-title').textContent = title;
  document.getElementById('confirm-body').replaceChildren(...body);
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true });
    dialog.returnValue = 'cancel';
    dialog.showModal();
    document.getElementById('confirm-cancel').focus();
  });
}

export function fmtTime(iso) {
  if (!iso) return '-';
  const d = new Date(iso);
  return isNaN(d) ? iso : d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

/** A button that runs an async action, shows its error in `out` and is disabled meanwhile. */
export function action(label, run, out, attrs) {
  const b = el('button', Object.assign({ type: 'button' }, attrs || {}), label);
  b.addEventListener('click', async () => {
    b.disabled = true;
    try {
      if (out) out.replaceChildren();
      await run();
    } catch (e) {
      if (out) out.replaceChildren(banner('error', e.message));
    } finally {
      b.disabled = false;
    }
  });
  return b;
}
