// The note on a trial: shown on its page; written from here only when the server was started
// with --allow-notes. The write is a same-origin fetch POST of JSON carrying the server's
// per-process token (from /api/session, which another origin cannot read), so a page elsewhere
// can neither read the token nor send the request (a cross-origin JSON POST needs a preflight the
// server never grants).
import { api, h } from './dom.js';

// At most 2,000 characters, as src/sweep/checks.ts says (the server checks it again).
const NOTE_MAX = 2000;

export async function noteCard(t) {
  const session = await api('/api/session');
  const shown = h('p', { id: 'note-text', class: t.note ? 'note-text' : 'empty' }, t.note ?? 'No note.');
  const card = h('section', { class: 'card', id: 'note' }, h('h2', {}, 'Note'), shown);
  if (!session.notes) {
    card.append(h('p', { class: 'note' }, t.note ? 'Change it with ' : 'Add one with ', h('code', {}, `dropsweep note --sweep ${t.sweep} --trial ${t.trialKey.slice(0, 10)} "text"`), ', or here when the dashboard runs with ', h('code', {}, 'serve --allow-notes'), '.'));
    return card;
  }
  const text = h('textarea', { id: 'note-input', rows: 3, maxlength: NOTE_MAX, 'aria-label': 'note on this trial' });
  text.value = t.note ?? '';
  const status = h('span', { class: 'note', id: 'note-status', role: 'status' });
  async function save(note) {
    status.textContent = 'saving…';
    try {
      const r = await fetch('/api/note', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Dropsweep-Token': session.token },
        body: JSON.stringify({ ref: `${t.sweep}/${t.trialKey}`, note }),
        cache: 'no-store',
      });
      const body = await r.json();
      if (!r.ok) throw new Error(body.error ?? r.statusText);
      t.note = body.note;
      text.value = body.note ?? '';
      shown.textContent = body.note ?? 'No note.';
      shown.className = body.note ? 'note-text' : 'empty';
      status.textContent = body.note ? 'saved' : 'cleared';
    } catch (err) {
      status.textContent = String(err.message ?? err);
      status.className = 'error';
    }
  }
  const form = h(
    'form',
    { class: 'note-form', onsubmit: (ev) => (ev.preventDefault(), save(text.value.trim() === '' ? null : text.value)) },
    text,
    h('div', { class: 'filters' }, h('button', { type: 'submit', id: 'note-save' }, 'save note'), h('button', { type: 'button', id: 'note-clear', onclick: () => save(null) }, 'clear'), status),
  );
  card.append(form);
  return card;
}
