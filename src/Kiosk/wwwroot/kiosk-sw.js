// Keeps the kiosk usable without a network: the page and its files come from this cache; ratings wait in IndexedDB.
const CACHE = 'parsurvey-kiosk-v2';
const SHELL = [
  '/kiosk',
  '/_content/Kiosk/css/kiosk.css',
  '/_content/Kiosk/js/kiosk.js',
  '/_content/Kiosk/js/common.js',
  '/_content/Kiosk/js/queue.js',
  '/_content/Kiosk/js/kiosk-feedback.js',
  '/_content/Kiosk/js/console-link.js',
  '/_content/Kiosk/i18n/vi.json',
  '/_content/Kiosk/i18n/en.json',
];

self.addEventListener('install', event => {
  event.waitUntil(caches.open(CACHE).then(cache => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', event => {
  event.waitUntil(caches.keys()
    .then(keys => Promise.all(keys.filter(k => k !== CACHE).map(k => caches.delete(k))))
    .then(() => self.clients.claim()));
});

self.addEventListener('fetch', event => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin || !SHELL.includes(url.pathname)) return;
  // Network first, so an update reaches the tablet; the cache when the network is down.
  event.respondWith(fetch(event.request)
    .then(response => {
      const copy = response.clone();
      caches.open(CACHE).then(cache => cache.put(event.request, copy));
      return response;
    })
    .catch(() => caches.match(event.request)));
});
