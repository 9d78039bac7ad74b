// The kiosk's outbox in IndexedDB: a rating is kept here from the tap until the server has it on disk, so neither a
// dropped Wi-Fi nor a reload loses it. Each keeps its UUID, so sending it twice stores it once.
const DB = 'parsurvey-kiosk';
const STORE = 'outbox';

function open() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'id' });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function run(mode, work) {
  const db = await open();
  try {
    return await new Promise((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const result = work(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(result?.result);
      tx.onerror = () => reject(tx.error);
    });
  } finally {
    db.close();
  }
}

/** item: { id, body, state: 'draft' | 'ready', at } — drafts wait for the follow-up question. */
export const put = item => run('readwrite', store => store.put(item));
export const remove = id => run('readwrite', store => store.delete(id));
export const all = () => run('readonly', store => store.getAll());
