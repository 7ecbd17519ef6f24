// Start-up of the kaartviewer. Trunk's own start-up script is switched off (`pattern_script`
// in Trunk.toml), so this file does its work, with two differences:
// - the WebAssembly is fetched with its Subresource Integrity hash (Chromium ignores
//   `integrity` on the wasm's preload link, so a tampered wasm would otherwise run);
// - when the app's JavaScript or WebAssembly fails to load or start (missing, truncated,
//   tampered, or a panic later on), the page says so with a Retry button instead of
//   staying blank.
// It is a file of its own, with an integrity hash of its own, so the Content-Security-Policy
// needs no inline script.

/** Replaces the page with a message naming the problem and a Retry button (the first one wins). */
function showFailure(detail) {
  if (document.querySelector('.startup-error')) return;
  const box = document.createElement('div');
  box.className = 'startup-error';
  box.setAttribute('role', 'alert');
  const title = document.createElement('p');
  const strong = document.createElement('strong');
  strong.textContent = 'De kaartviewer kon niet starten.';
  title.append(strong, ' ', Object.assign(document.createElement('span'), { lang: 'en', textContent: 'The map viewer could not start.' }));
  const message = document.createElement('p');
  message.className = 'error-detail';
  message.textContent = String(detail);
  const retry = document.createElement('button');
  retry.type = 'button';
  retry.className = 'retry-start';
  retry.textContent = 'Opnieuw proberen / Try again';
  retry.addEventListener('click', () => location.reload());
  box.append(title, message, retry);
  document.body.replaceChildren(box);
  retry.focus();
}

// The app's panic hook calls this (it cannot run Rust code of its own once it has panicked).
window.kaartviewerFailure = showFailure;

async function start() {
  const js = document.querySelector('link[rel=modulepreload][href$=".js"]');
  const wasm = document.querySelector('link[rel=preload][as=fetch][href$=".wasm"]');
  if (!js || !wasm) throw new Error('index.html names no application files');
  // The module was preloaded with its integrity hash; the import uses that checked copy.
  const bindings = await import(js.href);
  const response = await fetch(wasm.href, { integrity: wasm.getAttribute('integrity') || '', credentials: 'same-origin' })
    .catch((e) => { throw new Error(`${wasm.getAttribute('href')}: ${e.message} (missing, or not the file this page was built with)`); });
  if (!response.ok) throw new Error(`${wasm.getAttribute('href')}: HTTP ${response.status}`);
  const instance = await bindings.default({ module_or_path: response });
  document.getElementById('startup')?.remove();
  dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm: instance } }));
}

start().catch((e) => {
  console.error('kaartviewer: start-up failed:', e);
  showFailure(e && e.message ? e.message : e);
});
