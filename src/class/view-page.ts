/**
 * The class view page: one self-contained HTML document (no outside requests). Kits are drawn on a
 * circle, each as a box with the neurons the class knows of it; a long-axon synapse between kits is a
 * line from the sending neuron to the receiving one, its width following its efficacy and its colour
 * whether it strengthened (warm) or weakened (cool) since the page opened. Spikes flash their neuron.
 * `__CLASS__` is replaced by the class's name as a JSON string.
 */
export const CLASS_VIEW_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Neuron Kit class view</title>
<!-- No icon: without this line the browser asks the server for /favicon.ico, which it does not serve. -->
<link rel="icon" href="data:,">
<style>
  :root { color-scheme: dark; --warm: #ffa64d; --cool: #5cc8ff; --same: #c8c8c8; --bg: #101418; --fg: #f2f2f2; --muted: #a9b4bf; }
  * { box-sizing: border-box; }
  body { margin: 0; background: var(--bg); color: var(--fg); font: 18px/1.4 system-ui, sans-serif; display: flex; flex-direction: column; height: 100vh; }
  header { display: flex; flex-wrap: wrap; gap: 0.5em 2em; align-items: baseline; padding: 0.8em 1.2em; }
  h1 { font-size: 1.6em; margin: 0; }
  #status { color: var(--muted); }
  #status.offline { color: #ff8080; }
  main { flex: 1; display: flex; min-height: 0; }
  svg { flex: 1; width: 100%; height: 100%; min-height: 0; }
  .kit rect { fill: #1c242c; stroke: #56636f; stroke-width: 2; rx: 14; }
  .kit.offline rect { stroke-dasharray: 8 6; opacity: 0.5; }
  .kit.offline text { opacity: 0.5; }
  .kit text.name { font-size: 20px; font-weight: 700; fill: var(--fg); }
  .kit text.exhibit { font-size: 14px; fill: var(--muted); }
  .neuron circle { fill: #2e3a46; stroke: #8fa3b5; stroke-width: 2; transition: fill 0.25s; }
  .neuron.fired circle { fill: #fff6c8; stroke: #fff; transition: none; }
  .neuron text { font-size: 12px; fill: var(--fg); text-anchor: middle; }
  /* The letter stays readable while its neuron flashes: dark on the pale flash. */
  .neuron.fired text { fill: #111; }
  .axon { fill: none; stroke-linecap: round; }
  .axon.pruned { stroke-dasharray: 4 8; opacity: 0.5; }
  footer { padding: 0.6em 1.2em 1em; color: var(--muted); display: flex; flex-wrap: wrap; gap: 0.4em 2em; }
  .key { display: inline-block; width: 2.2em; height: 0.5em; border-radius: 0.25em; vertical-align: middle; margin-right: 0.4em; }
  @media (prefers-reduced-motion: reduce) { .neuron circle { transition: none; } }
</style>
</head>
<body>
<header><h1 id="title">Class</h1><span id="count" aria-live="polite"></span><span id="status"></span></header>
<main><svg id="net" viewBox="0 0 1000 700" role="img" aria-labelledby="title count"></svg></main>
<footer>
  <span><span class="key" style="background: var(--warm)"></span>strengthened since this page opened</span>
  <span><span class="key" style="background: var(--cool)"></span>weakened</span>
  <span><span class="key" style="background: var(--same)"></span>unchanged</span>
  <span>Line width: how strong the long-axon synapse is. Dashed: pruned. A neuron flashes when it fires.</span>
</footer>
<div id="announce" aria-live="polite" style="position:absolute;left:-9999px"></div>
<script>
"use strict";
const CLASS_NAME = __CLASS__;
const NS = "http://www.w3.org/2000/svg";
const svg = document.getElementById("net");
const kits = new Map();
const firstEfficacy = new Map();
let brokerStatus = "connecting";
document.getElementById("title").textContent = "Class " + CLASS_NAME;

function el(name, attrs, parent) {
  const e = document.createElementNS(NS, name);
  for (const k in attrs) e.setAttribute(k, attrs[k]);
  if (parent) parent.appendChild(e);
  return e;
}
function neuronsOf(name, kit) {
  const set = new Set(kit.publishes || []);
  for (const r of kit.remote || []) set.add(r.to);
  for (const [other, k] of kits) for (const r of k.remote || []) if (r.from.split("/")[0] === name) set.add(r.from.split("/")[1]);
  return [...set].sort();
}
const places = new Map();
function draw() {
  svg.textContent = "";
  places.clear();
  const names = [...kits.keys()].sort();
  const n = names.length;
  const cx = 500, cy = 350, radius = n <= 1 ? 0 : Math.min(290, 120 + 40 * n);
  const boxW = n > 8 ? 150 : 200;
  const lines = el("g", {}, svg);
  names.forEach((name, i) => {
    const a = -Math.PI / 2 + (2 * Math.PI * i) / Math.max(1, n);
    const x = cx + radius * Math.cos(a), y = cy + radius * Math.sin(a);
    const kit = kits.get(name);
    const neurons = neuronsOf(name, kit);
    const boxH = 70 + 44 * Math.ceil(neurons.length / 3);
    const g = el("g", { class: "kit" + (kit.online ? "" : " offline"), "data-kit": name, transform: "translate(" + (x - boxW / 2) + "," + (y - boxH / 2) + ")" }, svg);
    el("title", {}, g).textContent = name + (kit.online ? " (online)" : " (offline)");
    el("rect", { width: boxW, height: boxH }, g);
    const t = el("text", { class: "name", x: 14, y: 26 }, g); t.textContent = name;
    const ex = el("text", { class: "exhibit", x: 14, y: 46 }, g); ex.textContent = kit.online ? (kit.exhibit || "").slice(0, 28) : "offline";
    neurons.forEach((id, j) => {
      const nx = 36 + (j % 3) * ((boxW - 40) / 3), ny = 78 + 44 * Math.floor(j / 3);
      const ng = el("g", { class: "neuron", "data-neuron": name + "/" + id }, g);
      el("circle", { cx: nx, cy: ny, r: 16 }, ng);
      // The name on the kit (Touch), as the kit's own pages show it; the id where the kit gives none.
      const shown = (kit.labels || {})[id] || id;
      el("title", {}, ng).textContent = shown + " on " + name;
      const label = el("text", { x: nx, y: ny + 5 }, ng); label.textContent = shown.slice(0, 5);
      places.set(name + "/" + id, { x: x - boxW / 2 + nx, y: y - boxH / 2 + ny });
    });
  });
  for (const [name, kit] of kits) {
    for (const r of kit.remote || []) {
      const from = places.get(r.from), to = places.get(name + "/" + r.to);
      if (!from || !to) continue;
      const id = r.from + "->" + r.to;
      const s = (kit.synapses || {})[id];
      const eff = s ? s.efficacy : null;
      // The kit says which way the synapse moved from its reference, as its own strip shows it (a pruned one: weaker, gone).
      const way = s ? s.direction : undefined;
      const colour = way === "stronger" ? "var(--warm)" : way === "weaker" ? "var(--cool)" : "var(--same)";
      const width = eff === null ? 3 : Math.max(2, Math.min(16, 3 + 6 * eff));
      const mx = (from.x + to.x) / 2 + (to.y - from.y) * 0.15, my = (from.y + to.y) / 2 - (to.x - from.x) * 0.15;
      const p = el("path", { class: "axon" + (s && !s.exists ? " pruned" : ""), "data-synapse": name + ":" + id, d: "M" + from.x + "," + from.y + " Q" + mx + "," + my + " " + to.x + "," + to.y, stroke: colour, "stroke-width": width, opacity: kit.online ? 0.9 : 0.35 }, lines);
      const fromKit = r.from.split("/")[0], fromId = r.from.split("/")[1];
      const fromName = ((kits.get(fromKit) || {}).labels || {})[fromId] || fromId;
      const toName = (kit.labels || {})[r.to] || r.to;
      const change = s && s.reference > 0 ? Math.round((s.efficacy / s.reference - 1) * 100) : null;
      el("title", {}, p).textContent = fromName + " on " + fromKit + " → " + toName + " on " + name + (eff === null ? "" : ": efficacy " + eff.toFixed(2) + (change === null ? "" : " (" + (change >= 0 ? "+" : "−") + Math.abs(change) + "% since the start" + (s.cause ? ", mostly " + s.cause : "") + ")"));
    }
  }
  // Fit the drawing to what is on it, so two kits fill a phone as well as thirty fill a projector.
  if (kits.size > 0) {
    const b = svg.getBBox();
    const pad = 24;
    svg.setAttribute("viewBox", (b.x - pad) + " " + (b.y - pad) + " " + (b.width + 2 * pad) + " " + (b.height + 2 * pad));
  }
  const online = [...kits.values()].filter((k) => k.online).length;
  document.getElementById("count").textContent = online + " of " + kits.size + " kit" + (kits.size === 1 ? "" : "s") + " online";
}
function flash(key) {
  const g = svg.querySelector('[data-neuron="' + CSS.escape(key) + '"]');
  if (!g) return;
  g.classList.add("fired");
  setTimeout(() => g.classList.remove("fired"), 180);
}
function setStatus(s) {
  brokerStatus = s;
  const e = document.getElementById("status");
  e.textContent = s === "connected" ? "connected to the class broker" : s === "refused" ? "the broker refused the view" : "the class broker does not answer; trying again";
  e.className = s === "connected" ? "" : "offline";
}
const events = new EventSource("/events");
events.onmessage = (m) => {
  const e = JSON.parse(m.data);
  if (e.type === "snapshot") {
    kits.clear();
    for (const k in e.kits) kits.set(k, e.kits[k]);
    setStatus(e.broker);
    draw();
  } else if (e.type === "presence") {
    const was = kits.get(e.kit);
    kits.set(e.kit, { ...(was || {}), ...e });
    if (!was || was.online !== e.online) document.getElementById("announce").textContent = e.kit + (e.online ? " joined the class" : " left the class");
    draw();
  } else if (e.type === "state") {
    const k = kits.get(e.kit);
    if (k) { k.synapses = e.synapses; draw(); }
  } else if (e.type === "spike") {
    flash(e.kit + "/" + e.neuron);
  } else if (e.type === "broker") {
    setStatus(e.status);
  }
};
events.onerror = () => setStatus("offline");
</script>
</body>
</html>
`;
