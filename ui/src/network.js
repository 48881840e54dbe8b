// The network page: sigma.js (WebGL) over a graphology graph, laid out by ForceAtlas2 in a web worker.
// It starts from the searched actor's neighbourhood or the busiest connected component, never the whole
// hairball; positions are kept in localStorage so the layout is the same on the next visit; without
// WebGL the same edges are shown as a table.
import Graph from 'graphology';
import Sigma from 'sigma';
import forceAtlas2 from 'graphology-layout-forceatlas2';
import FA2Layout from 'graphology-layout-forceatlas2/worker';
import {el, clear} from './dom.js';

const POSITIONS = 'tidings-positions';
const MAX_NODES = 5000;
const COOPERATION = '#2a9d8f';
const CONFLICT = '#d62828';
const NEUTRAL = '#8d99ae';

export function hasWebGL() {
  try {
    const canvas = document.createElement('canvas');
    return Boolean(canvas.getContext('webgl2') || canvas.getContext('webgl'));
  } catch {
    return false;
  }
}

function filterParams() {
  const params = new URLSearchParams(window.location.search);
  const focus = params.get('actor') || '';
  params.delete('actor'); // the searched actor is where the drawing starts, not a filter on its role
  for (const [key, value] of Array.from(params.entries())) if (!value) params.delete(key);
  return {params, focus: focus.trim().toLowerCase()};
}

async function fetchEdges(params) {
  const response = await fetch(`/api/network?${params}`);
  const data = await response.json();
  if (!response.ok) throw new Error(data.error ? data.error.message : response.statusText);
  return data.items;
}

// One drawn edge per ordered pair: the categories between two actors share it, its colour is their
// event-weighted cooperation-conflict score and its width the most independent sources of any of them.
function pairEdges(edges) {
  const pairs = new Map();
  for (const edge of edges) {
    const key = `${edge.source}|${edge.target}`;
    if (!pairs.has(key)) pairs.set(key, {source: edge.source, target: edge.target, edges: [], events: 0, sum: 0, sources: 0});
    const pair = pairs.get(key);
    pair.edges.push(edge);
    pair.events += edge.events;
    pair.sum += edge.score * edge.events;
    pair.sources = Math.max(pair.sources, edge.sources);
  }
  return Array.from(pairs.values());
}

function names(edges) {
  const out = new Map();
  for (const e of edges) {
    out.set(e.source, e.source_name);
    out.set(e.target, e.target_name);
  }
  return out;
}

function components(pairs) {
  const adjacency = new Map();
  const link = (a, b, w) => {
    if (!adjacency.has(a)) adjacency.set(a, []);
    adjacency.get(a).push([b, w]);
  };
  for (const p of pairs) {
    link(p.source, p.target, p.events);
    link(p.target, p.source, p.events);
  }
  const seen = new Set();
  const out = [];
  for (const start of adjacency.keys()) {
    if (seen.has(start)) continue;
    const nodes = [start];
    let weight = 0;
    seen.add(start);
    for (let i = 0; i < nodes.length; i++) {
      for (const [next, w] of adjacency.get(nodes[i])) {
        weight += w;
        if (!seen.has(next)) { seen.add(next); nodes.push(next); }
      }
    }
    out.push({nodes, weight});
  }
  return {adjacency, components: out.sort((a, b) => b.weight - a.weight)};
}

// Which actors to draw: the focus actor and its neighbours, else the busiest component; at most MAX_NODES,
// keeping the most connected.
function chooseNodes(pairs, nameOf, focus) {
  const {adjacency, components: parts} = components(pairs);
  if (!parts.length) return {nodes: new Set(), note: 'No edges match these filters.'};
  let chosen;
  let note;
  if (focus) {
    const id = Array.from(nameOf.keys()).find((k) => k.toLowerCase() === focus || (nameOf.get(k) || '').toLowerCase() === focus);
    if (!id) return {nodes: new Set(), note: `No edge of "${focus}" matches these filters.`};
    chosen = [id, ...adjacency.get(id).map(([n]) => n)];
    note = `${nameOf.get(id)} and its counterparts`;
  } else {
    chosen = parts[0].nodes;
    note = parts.length > 1 ? `the busiest of ${parts.length} components` : 'the whole network';
  }
  if (chosen.length > MAX_NODES) {
    const degree = (n) => adjacency.get(n).reduce((s, [, w]) => s + w, 0);
    chosen = chosen.sort((a, b) => degree(b) - degree(a)).slice(0, MAX_NODES);
    note += ` (its ${MAX_NODES} most connected actors)`;
  }
  return {nodes: new Set(chosen), note};
}

function storedPositions() {
  try {
    return JSON.parse(localStorage.getItem(POSITIONS) || '{}');
  } catch {
    return {};
  }
}

function savePositions(graph) {
  const positions = storedPositions();
  graph.forEachNode((node, attrs) => { positions[node] = [attrs.x, attrs.y]; });
  try {
    localStorage.setItem(POSITIONS, JSON.stringify(positions));
  } catch {
    // Storage full: the layout is simply computed again next time.
  }
}

export function buildGraph(pairs, nameOf, nodes) {
  const graph = new Graph({type: 'directed', multi: false});
  const positions = storedPositions();
  let placed = 0;
  const degree = new Map();
  for (const p of pairs) {
    if (!nodes.has(p.source) || !nodes.has(p.target)) continue;
    degree.set(p.source, (degree.get(p.source) || 0) + p.events);
    degree.set(p.target, (degree.get(p.target) || 0) + p.events);
  }
  let i = 0;
  for (const node of nodes) {
    const stored = positions[node];
    const angle = (2 * Math.PI * i++) / nodes.size;
    if (stored) placed++;
    graph.addNode(node, {
      label: nameOf.get(node) || node,
      x: stored ? stored[0] : 100 * Math.cos(angle) + Math.random(),
      y: stored ? stored[1] : 100 * Math.sin(angle) + Math.random(),
      size: 3 + 2 * Math.log2(1 + (degree.get(node) || 0)),
      color: '#264653',
    });
  }
  for (const p of pairs) {
    if (!nodes.has(p.source) || !nodes.has(p.target) || p.source === p.target) continue;
    const score = p.events ? p.sum / p.events : 0;
    graph.addDirectedEdgeWithKey(`${p.source}|${p.target}`, p.source, p.target, {
      size: 2 + 1.5 * Math.min(6, p.sources), color: score > 0 ? COOPERATION : score < 0 ? CONFLICT : NEUTRAL,
      type: 'arrow', pair: p,
    });
  }
  return {graph, allPlaced: placed === nodes.size};
}

function showTable(edges) {
  const box = document.getElementById('table-fallback');
  box.hidden = false;
  document.getElementById('graph').hidden = true;
  const body = box.querySelector('tbody');
  clear(body);
  for (const e of edges) {
    const events = el('a', {href: `/events?actor=${encodeURIComponent(e.source)}&recipient=${encodeURIComponent(e.target)}&type=${e.event_type}`, text: String(e.events)});
    body.append(el('tr', {},
      el('td', {}, el('a', {href: `/actors/${encodeURIComponent(e.source)}`, text: e.source_name})),
      el('td', {text: e.event_type}),
      el('td', {}, el('a', {href: `/actors/${encodeURIComponent(e.target)}`, text: e.target_name})),
      el('td', {}, events), el('td', {text: String(e.sources)}), el('td', {text: e.first || ''}),
      el('td', {text: e.last || ''})));
  }
}

async function showPair(pair) {
  const panel = document.getElementById('edge-panel');
  clear(panel);
  const first = pair.edges[0];
  panel.append(el('h3', {className: 'edge-title', text: `${first.source_name} → ${first.target_name}`}));
  for (const edge of pair.edges) {
    panel.append(el('p', {className: 'edge-category',
      text: `${edge.event_type} (${edge.quad.replace('_', ' ')}): ${edge.events} event(s), ${edge.sources} independent source(s), ${edge.first || '?'} – ${edge.last || '?'}`}));
  }
  const ids = pair.edges.flatMap((e) => e.event_ids).slice(0, 100);
  const query = ids.map((id) => `id=${encodeURIComponent(id)}`).join('&');
  const response = await fetch(`/api/events/by-id?${query}`);
  const events = await response.json();
  const list = el('ol', {className: 'edge-events'});
  for (const ev of events) {
    list.append(el('li', {},
      el('span', {className: 'meta', text: `${ev.date_start || 'undated'} · ${ev.event_type} · ${ev.modality} · ${ev.outlet || 'unknown outlet'} `}),
      el('a', {href: `/events/${encodeURIComponent(ev.event_id)}`, className: 'event-link', text: ev.quote})));
  }
  panel.append(list);
}

function showNode(node, graph, expand) {
  const panel = document.getElementById('edge-panel');
  clear(panel);
  const name = graph.getNodeAttribute(node, 'label');
  panel.append(el('h3', {text: name}),
    el('p', {}, el('a', {href: `/actors/${encodeURIComponent(node)}`, text: 'Actor page'})));
  const button = el('button', {type: 'button', text: 'Expand neighbours'});
  button.addEventListener('click', () => expand(node));
  panel.append(button);
}

function initTimeWindow() {
  const bars = Array.from(document.querySelectorAll('#histogram .bar'));
  const from = document.getElementById('window-from');
  const to = document.getElementById('window-to');
  const label = document.getElementById('window-label');
  if (!bars.length || !from || !to) return;
  const years = bars.map((b) => b.dataset.year);
  const params = new URLSearchParams(window.location.search);
  const since = (params.get('since') || '').slice(0, 4);
  const until = (params.get('until') || '').slice(0, 4);
  if (years.includes(since)) from.value = years.indexOf(since);
  if (years.includes(until)) to.value = years.indexOf(until);
  const paint = () => {
    const [a, b] = [Number(from.value), Number(to.value)].sort((x, y) => x - y);
    bars.forEach((bar, i) => bar.classList.toggle('in-window', i >= a && i <= b));
    label.textContent = `${years[a]} – ${years[b]}`;
    return [years[a], years[b]];
  };
  paint();
  const apply = () => {
    const [a, b] = paint();
    const next = new URLSearchParams(window.location.search);
    next.set('since', a);
    next.set('until', b);
    window.location.search = next.toString();
  };
  from.addEventListener('change', apply);
  to.addEventListener('change', apply);
}

export async function initNetwork() {
  initTimeWindow();
  const status = document.getElementById('graph-status');
  const {params, focus} = filterParams();
  let edges;
  try {
    edges = await fetchEdges(params);
  } catch (error) {
    status.textContent = `Cannot load the network: ${error.message}`;
    return;
  }
  const quad = params.get('quad');
  if (!hasWebGL()) {
    showTable(edges);
    status.textContent = `${edges.length} edge(s), shown as a table (no WebGL)`;
    document.body.dataset.graphReady = 'table';
    return;
  }
  const started = performance.now();
  const pairs = pairEdges(edges);
  const nameOf = names(edges);
  const {nodes, note} = chooseNodes(pairs, nameOf, focus);
  const {graph, allPlaced} = buildGraph(pairs, nameOf, nodes);
  const container = document.getElementById('graph');
  const renderer = new Sigma(graph, container, {enableEdgeEvents: true, renderEdgeLabels: false,
    labelRenderedSizeThreshold: 6, defaultEdgeType: 'arrow', zIndex: true});
  renderer.refresh();
  const firstRender = performance.now() - started;
  status.textContent = `${graph.order} actor(s), ${graph.size} link(s): ${note}${quad ? `; ${quad}` : ''}`;
  renderer.on('clickEdge', ({edge}) => showPair(graph.getEdgeAttribute(edge, 'pair')));
  const expand = (node) => {
    for (const p of pairs) {
      if (p.source !== node && p.target !== node) continue;
      for (const n of [p.source, p.target]) {
        if (!graph.hasNode(n)) graph.addNode(n, {label: nameOf.get(n) || n, x: graph.getNodeAttribute(node, 'x') + Math.random() * 10,
          y: graph.getNodeAttribute(node, 'y') + Math.random() * 10, size: 4, color: '#264653'});
      }
      const key = `${p.source}|${p.target}`;
      if (!graph.hasEdge(key) && p.source !== p.target) {
        const score = p.events ? p.sum / p.events : 0;
        graph.addDirectedEdgeWithKey(key, p.source, p.target, {size: 2 + 1.5 * Math.min(6, p.sources),
          color: score > 0 ? COOPERATION : score < 0 ? CONFLICT : NEUTRAL, type: 'arrow', pair: p});
      }
    }
    runLayout(graph, 1500);
  };
  renderer.on('clickNode', ({node}) => showNode(node, graph, expand));
  // Exposed for the browser tests and the benchmark (time to first render, refresh cost).
  window.tidingsNetwork = {graph, renderer, firstRenderMs: firstRender};
  document.body.dataset.graphReady = '1';
  if (allPlaced) document.body.dataset.layout = 'done'; // every actor kept its stored place: nothing to lay out
  else runLayout(graph, Math.min(6000, 1000 + graph.order * 2));
}

function runLayout(graph, ms) {
  if (graph.order < 2) {
    document.body.dataset.layout = 'done';
    return;
  }
  const layout = new FA2Layout(graph, {settings: {...forceAtlas2.inferSettings(graph), slowDown: 2}});
  layout.start();
  document.body.dataset.layout = 'running';
  setTimeout(() => {
    layout.kill();
    savePositions(graph);
    document.body.dataset.layout = 'done';
  }, ms);
}
