// The keyboard review queue (a accept, x reject, arrows move, Enter opens) and the accept/reject buttons
// of the evidence and cluster pages. Decisions go to POST /api/review/{id} and are stored at once.
import {NeedsToken, setToken, showTokenState, write} from './token.js';

async function decide(targetId, action, status) {
  try {
    const decision = await write(`/api/review/${encodeURIComponent(targetId)}`, {action});
    if (status) status.textContent = `${decision.action}: ${targetId}`;
    return decision;
  } catch (error) {
    if (error instanceof NeedsToken) askForToken(status);
    else if (status) status.textContent = `Not saved: ${error.message}`;
    return null;
  }
}

function askForToken(status) {
  const form = document.getElementById('token-form');
  if (status) status.textContent = 'This needs the API token that tidings serve printed.';
  if (!form) return;
  form.hidden = false;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    setToken(document.getElementById('token-input').value);
    form.hidden = true;
    showTokenState();
  }, {once: true});
}

export function initReviewQueue() {
  const table = document.getElementById('review-queue');
  if (!table) return;
  const status = document.getElementById('review-status');
  const rows = () => Array.from(table.querySelectorAll('tbody tr[data-event-id]'));
  let index = 0;
  const select = (i) => {
    const all = rows();
    if (!all.length) return;
    index = Math.max(0, Math.min(all.length - 1, i));
    all.forEach((row, j) => row.classList.toggle('current', j === index));
    all[index].scrollIntoView({block: 'nearest'});
  };
  rows().forEach((row, i) => row.addEventListener('click', () => select(i)));
  document.addEventListener('keydown', async (event) => {
    if (event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement) return;
    const row = rows()[index];
    if (event.key === 'ArrowDown' || event.key === 'j') { select(index + 1); event.preventDefault(); }
    else if (event.key === 'ArrowUp' || event.key === 'k') { select(index - 1); event.preventDefault(); }
    else if (row && event.key === 'Enter') window.location.href = `/events/${row.dataset.eventId}`;
    else if (row && (event.key === 'a' || event.key === 'x')) {
      const decision = await decide(row.dataset.eventId, event.key === 'a' ? 'accept' : 'reject', status);
      if (decision) {
        row.querySelector('.decision').textContent = decision.action;
        row.classList.add(`decided-${decision.action}`);
        select(index + 1);
      }
    }
  });
  select(0);
  table.focus();
}

export function initReviewButtons() {
  for (const box of document.querySelectorAll('.review-actions[data-target]')) {
    const state = document.getElementById('review-state');
    for (const button of box.querySelectorAll('button[data-action]')) {
      button.addEventListener('click', async () => {
        const decision = await decide(box.dataset.target, button.dataset.action, state);
        if (decision && state) state.textContent = decision.action;
      });
    }
  }
  if (document.body.dataset.page === 'evidence') {
    document.addEventListener('keydown', (event) => {
      const button = document.querySelector(`.review-actions button[data-action="${event.key === 'a' ? 'accept' : event.key === 'x' ? 'reject' : ''}"]`);
      if (button && !(event.target instanceof HTMLInputElement)) button.click();
    });
  }
}

export function initActorChanges() {
  const form = document.querySelector('form.actor-change');
  if (!form) return;
  const out = form.querySelector('.change-result');
  for (const button of form.querySelectorAll('button[data-change]')) {
    button.addEventListener('click', async () => {
      const change = button.dataset.change;
      const body = change === 'merge' ? {into: form.elements.into.value}
        : change === 'rename' ? {name: form.elements.name.value} : {};
      try {
        const result = await write(`/api/actors/${encodeURIComponent(form.dataset.actor)}/${change}`, body);
        out.textContent = `${result.action} done`;
      } catch (error) {
        out.textContent = `Not done: ${error.message}`;
      }
    });
  }
}
