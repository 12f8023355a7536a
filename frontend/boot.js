// Starts the web app (a file of its own, so the page's Content-Security-Policy
// needs no inline script).
import init from '/crm_web.js';
init({ module_or_path: '/crm_web_bg.wasm' });
