// One bundle for every page: htmx for partial updates, then the code of the page in <body data-page>.
import htmx from 'htmx.org';
import {initNetwork} from './network.js';
import {initActorChanges, initReviewButtons, initReviewQueue} from './review.js';
import {initIngest} from './ingest.js';
import {adoptTokenFromFragment, showTokenState} from './token.js';

window.htmx = htmx;
adoptTokenFromFragment();

function start() {
  showTokenState();
  const page = document.body.dataset.page;
  if (page === 'network') initNetwork();
  if (page === 'review') initReviewQueue();
  if (page === 'ingest') initIngest();
  if (page === 'actor') initActorChanges();
  initReviewButtons();
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
