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
  const js = document.querySelector('link[rel=modulepreload][href$=".js"], link[data-rel=modulepreload][href$=".js"]');
  const wasm = document.querySelector('link[rel=preload][as=fetch][href$=".wasm"], link[data-rel=preload][as=fetch][href$=".wasm"]');
  if (!js || !wasm) throw new Error('index.html names no application files');
  if (js.dataset.rel) {
    // With the map pre-rendered into the page (`datatool prerender`), the app's files are
    // fetched once it is painted, so they do not slow it down. The module is preloaded with
    // its integrity and imported only after that check passed.
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    await new Promise((resolve, reject) => {
      js.addEventListener('load', resolve, { once: true });
      js.addEventListener('error', () => reject(new Error(`${js.getAttribute('href')}: could not be loaded (missing, or not the file this page was built with)`)), { once: true });
      js.rel = js.dataset.rel;
    });
  }
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

// The map pre-rendered into the page (see src/prerendered.rs): until the app takes it over, a
// click selects a gemeente on it, as the app would (`aria-selected` and the `selected` class);
// the app keeps that selection. With a query that changes the map (a position, another layer,
// a selection, embedding) the pre-rendered map would not match what the app shows, so it is
// dropped and the app draws the first map itself.
function prerenderedMap() {
  const page = document.getElementById('prerendered');
  const map = page && page.querySelector('.map-static');
  if (!map) return;
  const params = [...new URLSearchParams(location.search).keys()].filter((key) => key !== 'taal' && key !== 'lang');
  if (params.length) {
    map.querySelector('svg')?.remove();
    return;
  }
  let press = null;
  map.addEventListener('pointerdown', (e) => {
    if (e.button === 0) press = { x: e.clientX, y: e.clientY, target: e.target };
  });
  map.addEventListener('pointerup', (e) => {
    const started = press;
    press = null;
    if (!started || Math.hypot(e.clientX - started.x, e.clientY - started.y) > 5) return;
    const previous = map.querySelector('path[aria-selected=true]');
    previous?.setAttribute('aria-selected', 'false');
    previous?.classList.remove('selected');
    const region = started.target.closest?.('.layer-active path[data-kind=gemeente]');
    if (!region) return;
    region.setAttribute('aria-selected', 'true');
    region.classList.add('selected');
  });
  page.querySelector('.lang-switch')?.addEventListener('click', () => { location.search = '?taal=en'; });
}

prerenderedMap();
