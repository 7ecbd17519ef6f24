// The plain page the benchmark compares the viewer with: what someone who wants "gemeenten on
// a map, click one" would build with Leaflet 1.9 and a GeoJSON file. Same gemeente boundaries
// as the viewer's national level, no tiles, no request to another host. A click selects a
// gemeente the way the viewer does: `aria-selected` on its path, which carries `data-kind` and
// `data-code` like the viewer's. Written into a temporary folder (never committed) with the
// same precompressed copies as the viewer's build (`datatool compress`).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { root } from './support.mjs';

const leaflet = path.join(root, 'tests/browser/node_modules/leaflet/dist');

const INDEX = `<!DOCTYPE html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Gemeenten (Leaflet)</title>
<link rel="stylesheet" href="leaflet.css">
<link rel="stylesheet" href="page.css">
<script src="leaflet.js" defer></script>
<script src="page.js" defer></script>
</head>
<body>
<div id="map" role="region" aria-label="Kaart van de gemeenten"></div>
</body>
</html>
`;

const CSS = `html, body { margin: 0; height: 100%; }
#map { height: 100%; background: #eef3f7; }
`;

// Fetches the boundaries, draws them, and marks each path like the viewer does.
const SCRIPT = `(async () => {
  const map = L.map('map', { attributionControl: false, zoomSnap: 0.1 });
  const response = await fetch('gemeenten.geojson');
  const data = await response.json();
  const normal = { color: '#555', weight: 0.6, fillColor: '#cfe0c8', fillOpacity: 1 };
  const chosen = { color: '#000', weight: 2, fillColor: '#f4a259', fillOpacity: 1 };
  let selected = null;
  const layer = L.geoJSON(data, {
    style: () => normal,
    onEachFeature: (feature, region) => {
      region.on('click', () => {
        if (selected) {
          selected.setStyle(normal);
          selected.getElement().setAttribute('aria-selected', 'false');
        }
        selected = region;
        region.setStyle(chosen);
        region.bringToFront();
        region.getElement().setAttribute('aria-selected', 'true');
      });
    },
  }).addTo(map);
  map.fitBounds(layer.getBounds(), { padding: [12, 12] });
  layer.eachLayer((region) => {
    const element = region.getElement();
    const { kind, code, name } = region.feature.properties;
    element.setAttribute('data-kind', kind);
    element.setAttribute('data-code', code);
    element.setAttribute('role', 'option');
    element.setAttribute('aria-label', name);
    element.setAttribute('aria-selected', 'false');
  });
})();
`;

/** Writes the Leaflet page for `geojson` (a gemeente FeatureCollection file) into `dir`; returns `dir`. */
export function leafletSite(geojson, dir) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  fs.copyFileSync(path.join(leaflet, 'leaflet.js'), path.join(dir, 'leaflet.js'));
  fs.copyFileSync(path.join(leaflet, 'leaflet.css'), path.join(dir, 'leaflet.css'));
  fs.copyFileSync(geojson, path.join(dir, 'gemeenten.geojson'));
  fs.writeFileSync(path.join(dir, 'index.html'), INDEX);
  fs.writeFileSync(path.join(dir, 'page.css'), CSS);
  fs.writeFileSync(path.join(dir, 'page.js'), SCRIPT);
  execFileSync(path.join(root, 'target/release/datatool'), ['compress', dir], { stdio: ['ignore', 'ignore', 'inherit'] });
  return dir;
}
