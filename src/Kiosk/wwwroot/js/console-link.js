// What the staff console needs from the tablet, kept apart from the rating screens: a heartbeat every 30 s while a
// key is paired (ratings waiting in the outbox, page version), and the pairing code from the console's QR link
// (/kiosk?code=ABCD-EFGH) filled in for staff.
import * as outbox from './queue.js';

export const VERSION = '2026.11.29';
const EVERY_MS = 30_000;
let last = { key: null, at: 0 };

async function beat() {
  const device = JSON.parse(localStorage.getItem('parsurvey.device') || 'null');
  if (!device?.deviceKey || !navigator.onLine) return;
  // At once after pairing (a new key), then every 30 s.
  if (device.deviceKey === last.key && Date.now() - last.at < EVERY_MS) return;
  last = { key: device.deviceKey, at: Date.now() };
  const pending = (await outbox.all()).length;
  await fetch('/api/devices/heartbeat', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Device ${device.deviceKey}` },
    body: JSON.stringify({ pending, version: VERSION }),
  }).catch(() => {});
}

const code = new URLSearchParams(location.search).get('code');
if (code) {
  history.replaceState(null, '', location.pathname); // the code is used once; keep it out of the address bar
  const fill = () => { const input = document.getElementById('pair-code'); if (input && !input.value) input.value = code; };
  fill();
  document.addEventListener('DOMContentLoaded', fill);
}

setInterval(beat, 2000);
beat();
