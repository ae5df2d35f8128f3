/**
 * The page of `voidvm watch`: one self-contained HTML document (no CDN, no file beside it, so it
 * works offline). Per VM, four charts drawn on canvases (CPU, memory, disk, network over time),
 * fed by the samples pushed on the WebSocket `/ws` (see server.ts). The token comes from the
 * page's own URL. `window.voidvmWatch` holds the count of samples drawn and the latest one (for tests).
 *
 * Each series has a colour of its own that nothing else on the page uses (see SERIES_COLOURS),
 * so a screenshot shows whether data was drawn.
 */
export const SERIES_COLOURS = {
  cpuPercent: "#e60073",
  memoryPercent: "#1f77b4",
  diskReadMBps: "#2ca02c",
  diskWriteMBps: "#ff7f0e",
  netRxMBps: "#9467bd",
  netTxMBps: "#8c564b",
} as const;

const SCRIPT = String.raw`
"use strict";
const COLOURS = __COLOURS__;
const CHARTS = [
  { title: "CPU", unit: "%", top: 100, series: [["cpuPercent", "cpu"]] },
  { title: "Memory", unit: "%", top: 100, series: [["memoryPercent", "used"]] },
  { title: "Disk", unit: "MB/s", series: [["diskReadMBps", "read"], ["diskWriteMBps", "write"]] },
  { title: "Network", unit: "MB/s", series: [["netRxMBps", "rx"], ["netTxMBps", "tx"]] },
];
const WINDOW = 120;
const state = { vms: new Map(), interval: 5 };
window.voidvmWatch = { samples: 0 };

function el(tag, attrs, text) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

function vmBlock(name) {
  let vm = state.vms.get(name);
  if (vm) return vm;
  const section = el("section");
  const heading = el("h2", {}, name);
  const status = el("span", { class: "status" }, "waiting for the first sample");
  heading.append(" ", status);
  section.append(heading);
  const grid = el("div", { class: "grid" });
  const charts = CHARTS.map((chart) => {
    const box = el("figure");
    const caption = el("figcaption", {}, chart.title);
    const canvas = el("canvas", { width: "460", height: "180", "data-chart": chart.title.toLowerCase() });
    box.append(caption, canvas);
    grid.append(box);
    return { chart, canvas, caption };
  });
  section.append(grid);
  document.getElementById("vms").append(section);
  vm = { samples: [], charts, status };
  state.vms.set(name, vm);
  return vm;
}

function format(value, unit) {
  return value.toFixed(unit === "%" ? 1 : 2) + " " + unit;
}

function draw(vm) {
  const samples = vm.samples;
  const newest = samples[samples.length - 1];
  if (newest) vm.status.textContent = newest.state + " at " + new Date(newest.time * 1000).toLocaleTimeString();
  for (const { chart, canvas, caption } of vm.charts) {
    const ctx = canvas.getContext("2d");
    const w = canvas.width, h = canvas.height, left = 52, right = 8, top = 10, bottom = 22;
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, w, h);
    let peak = chart.top || 0;
    if (!chart.top) for (const s of samples) for (const [f] of chart.series) peak = Math.max(peak, s[f]);
    if (!chart.top) peak = peak > 0 ? peak * 1.15 : 1;
    ctx.strokeStyle = "#d0d0d0";
    ctx.lineWidth = 1;
    ctx.fillStyle = "#555555";
    ctx.font = "11px sans-serif";
    for (let i = 0; i <= 4; i++) {
      const y = top + ((h - top - bottom) * i) / 4;
      ctx.beginPath(); ctx.moveTo(left, y); ctx.lineTo(w - right, y); ctx.stroke();
      ctx.fillText((peak * (1 - i / 4)).toFixed(chart.unit === "%" ? 0 : 2), 4, y + 4);
    }
    ctx.fillText(Math.round(WINDOW * state.interval) + " s", left, h - 6);
    ctx.fillText("now", w - right - 22, h - 6);
    const xOf = (i) => w - right - ((samples.length - 1 - i) * (w - left - right)) / (WINDOW - 1);
    const yOf = (v) => top + (h - top - bottom) * (1 - Math.min(Math.max(v / peak, 0), 1));
    const parts = [chart.title];
    for (const [field, label] of chart.series) {
      if (!samples.length) continue;
      ctx.strokeStyle = COLOURS[field];
      ctx.lineWidth = 3;
      ctx.beginPath();
      samples.forEach((s, i) => (i === 0 ? ctx.moveTo(xOf(i), yOf(s[field])) : ctx.lineTo(xOf(i), yOf(s[field]))));
      if (samples.length === 1) ctx.lineTo(xOf(0) - 4, yOf(samples[0][field]));
      ctx.stroke();
      parts.push(label + " " + format(newest[field], chart.unit));
    }
    caption.textContent = parts.join("  ·  ");
  }
}

function add(sample) {
  const vm = vmBlock(sample.vm);
  vm.samples.push(sample);
  if (vm.samples.length > WINDOW) vm.samples.shift();
  window.voidvmWatch.samples++;
  window.voidvmWatch.latest = sample;
}

function connect() {
  const token = new URLSearchParams(location.search).get("token") || "";
  const ws = new WebSocket("ws://" + location.host + "/ws?token=" + encodeURIComponent(token));
  const banner = document.getElementById("banner");
  ws.onmessage = (event) => {
    const message = JSON.parse(event.data);
    if (message.type === "hello") {
      state.interval = message.intervalSeconds;
      document.getElementById("source").textContent = message.source + ", every " + message.intervalSeconds + " s";
      for (const name of message.vms) vmBlock(name);
      for (const sample of message.history) add(sample);
      for (const vm of state.vms.values()) draw(vm);
    } else if (message.type === "sample") {
      add(message.sample);
      draw(state.vms.get(message.sample.vm));
    } else if (message.type === "end") {
      banner.textContent = "The stream ended: " + message.message;
    }
  };
  ws.onclose = () => {
    if (!banner.textContent) banner.textContent = "Disconnected from voidvm watch (it stopped, or Ctrl-C).";
  };
}
connect();
`;

const STYLE = `
body { font-family: sans-serif; margin: 16px; color: #222222; background: #f4f4f4; }
h1 { font-size: 18px; margin: 0 0 4px; }
h2 { font-size: 16px; margin: 18px 0 6px; }
.status, #source { font-weight: normal; color: #666666; font-size: 13px; }
#banner { color: #a00000; font-size: 13px; min-height: 1em; }
.grid { display: grid; grid-template-columns: repeat(2, max-content); gap: 10px; }
figure { margin: 0; background: #ffffff; border: 1px solid #dddddd; padding: 6px; }
figcaption { font-size: 12px; color: #444444; margin-bottom: 4px; }
`;

export function watchPage(): string {
  const script = SCRIPT.replace("__COLOURS__", JSON.stringify(SERIES_COLOURS));
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>voidvm watch</title>
<style>${STYLE}</style>
</head>
<body>
<h1>voidvm watch <span id="source"></span></h1>
<div id="banner"></div>
<div id="vms"></div>
<script>${script}</script>
</body>
</html>
`;
}
