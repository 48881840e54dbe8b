// The ingest form: one job per submit, its progress polled until it is done.
import {el, clear} from './dom.js';
import {write} from './token.js';

export function initIngest() {
  const form = document.getElementById('ingest-form');
  if (!form) return;
  const status = document.getElementById('ingest-status');
  const body = document.querySelector('#ingest-outcomes tbody');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const job = await write('/api/ingest', new FormData(form));
      status.textContent = `Job ${job.job_id} started…`;
      poll(job.job_id, status, body);
    } catch (error) {
      status.textContent = `Not started: ${error.message}`;
    }
  });
}

async function poll(jobId, status, body) {
  const response = await fetch(`/api/ingest/${jobId}`);
  const job = await response.json();
  status.textContent = `Job ${job.job_id}: ${job.status}, ${job.done} item(s) done${job.error ? ` — ${job.error}` : ''}`;
  clear(body);
  for (const o of job.outcomes) {
    body.append(el('tr', {}, el('td', {text: o.source}), el('td', {text: o.status}), el('td', {text: String(o.events)}),
      el('td', {text: o.reason || ''})));
  }
  if (job.status === 'queued' || job.status === 'running') setTimeout(() => poll(jobId, status, body), 1000);
}
