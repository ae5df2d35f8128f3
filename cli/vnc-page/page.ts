/**
 * The browser side of `voidvm vnc`: a page with noVNC's RFB client, connected to the local
 * WebSocket bridge. Served as files (no inline script), so the page's CSP can forbid inline code.
 */

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function pageHtml(vm: string): string {
  const title = escapeHtml(`${vm} - VNC console (voidvm)`);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${title}</title>
<style>
  html, body { margin: 0; height: 100%; background: #202124; color: #e8eaed; font: 14px sans-serif; }
  #bar { padding: 4px 8px; background: #303134; }
  #screen { position: absolute; top: 26px; left: 0; right: 0; bottom: 0; }
</style>
</head>
<body data-state="connecting">
<div id="bar"><b>${escapeHtml(vm)}</b> <span id="status">connecting...</span></div>
<div id="screen"></div>
<script type="module" src="page.js"></script>
</body>
</html>
`;
}

/**
 * Connects noVNC to `websockify` beside the page. A VNC password is fetched from `credentials`
 * (same token, never in a URL) only when the server asks for one; without it, the page asks.
 * `body[data-state]` says connecting, connected or disconnected (for people and for tests).
 */
export const PAGE_SCRIPT = `import RFB from "./novnc/core/rfb.js";

const status = document.getElementById("status");
const show = (state, text) => {
  document.body.dataset.state = state;
  status.textContent = text;
};
const url = new URL("websockify", location.href);
url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
const rfb = new RFB(document.getElementById("screen"), url.href, { wsProtocols: ["binary"] });
rfb.scaleViewport = false;
rfb.addEventListener("connect", () => show("connected", "connected"));
rfb.addEventListener("disconnect", (event) => show("disconnected", event.detail.clean ? "disconnected" : "connection lost"));
rfb.addEventListener("securityfailure", (event) => show("disconnected", "VNC authentication failed: " + (event.detail.reason || event.detail.status)));
rfb.addEventListener("credentialsrequired", async () => {
  let password;
  try {
    password = (await (await fetch("credentials", { cache: "no-store" })).json()).password;
  } catch {
    password = undefined;
  }
  rfb.sendCredentials({ password: password ?? window.prompt("VNC password") ?? "" });
});
`;
