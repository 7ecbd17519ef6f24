// Starts the app: see "Start-up" in README.md and pattern_script in Trunk.toml (kept short: it is sent to every visitor).
// A message naming the problem, with Retry, instead of the page (the first one wins); the panic hook calls it too.
function showFailure(detail) {
  console.error('kaartviewer:', detail);
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

window.kaartviewerFailure = showFailure;

async function start() {
  const js = document.querySelector('link[rel=modulepreload][href$=".js"]');
  const wasm = document.querySelector('link[rel=preload][as=fetch][href$=".wasm"]');
  if (!js || !wasm) throw new Error('index.html names no application files');
  // The module is the copy its preload checked; the wasm is fetched with its hash (its preload's is ignored).
  const bindings = await import(js.href);
  const response = await fetch(wasm.href, { integrity: wasm.getAttribute('integrity') || '', credentials: 'same-origin' })
    .catch((e) => { throw new Error(`${wasm.getAttribute('href')}: ${e.message} (missing, or not the file this page was built with)`); });
  if (!response.ok) throw new Error(`${wasm.getAttribute('href')}: HTTP ${response.status}`);
  const instance = await bindings.default({ module_or_path: response });
  document.getElementById('startup')?.remove();
  dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm: instance } }));
}

start().catch((e) => showFailure(e && e.message ? e.message : e));
