// A synthetic partnership dataset at national scale (default 5,000 verbanden with 20,000
// memberships), for the benchmark and the scale tests. Deterministic: the same seed gives
// the same file. Members are real gemeente codes, mostly from one province, as real
// verbanden are; one in ten also has its provincie as a member.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

// The ids of crates/core/src/vocabulary.rs.
const THEMES = ['veiligheid', 'gezondheid', 'sociaal-domein', 'werk-inkomen', 'milieu-omgevingsdienst', 'afval', 'water',
  'energie-klimaat', 'wonen-ruimte', 'mobiliteit', 'economie', 'recreatie-toerisme', 'cultuur-erfgoed', 'onderwijs',
  'bedrijfsvoering', 'bestuur-regio'];
const FORMS = ['openbaar-lichaam', 'gemeenschappelijk-orgaan', 'bedrijfsvoeringsorganisatie', 'centrumregeling',
  'regeling-zonder-meer', 'stichting', 'vereniging', 'nv-bv', 'cooperatie', 'netwerk', 'overig'];

/** A small seeded generator (mulberry32), so runs are comparable. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The dataset as the app loads it (`data/verbanden.json`), built on the real one in `dist`. */
export function syntheticDataset(dist, { verbanden = 5000, memberships = 20000, seed = 2025 } = {}) {
  const real = JSON.parse(fs.readFileSync(path.join(dist, 'data/verbanden.json'), 'utf8'));
  const index = JSON.parse(fs.readFileSync(path.join(dist, 'data/boundaries/boundaries.json'), 'utf8'));
  const layer = index.layers.find((l) => l.kind === 'gemeente');
  const gemeenten = JSON.parse(fs.readFileSync(path.join(dist, 'data/boundaries', layer.levels[0].file), 'utf8'))
    .features.map((f) => ({ code: f.properties.code, provincie: f.properties.provincie }));
  const byProvince = new Map();
  for (const g of gemeenten) byProvince.set(g.provincie, [...(byProvince.get(g.provincie) || []), g.code]);

  const next = random(seed);
  const pick = (list) => list[Math.floor(next() * list.length)];
  const records = [];
  let left = memberships;
  for (let i = 0; i < verbanden; i++) {
    const remaining = verbanden - i;
    // Sizes average memberships / verbanden, and the last records take up the rest exactly.
    const mean = left / remaining;
    const size = i === verbanden - 1 ? left : Math.max(2, Math.min(left - 2 * (remaining - 1), Math.round(mean + (next() - 0.5) * mean)));
    const home = pick(gemeenten);
    const pool = byProvince.get(home.provincie);
    const codes = new Set([home.code]);
    const withProvince = next() < 0.1 && size > 2;
    while (codes.size < size - (withProvince ? 1 : 0)) codes.add(next() < 0.85 ? pick(pool) : pick(gemeenten).code);
    if (withProvince) codes.add(home.provincie);
    left -= codes.size;
    records.push({
      id: `synthetisch-${i + 1}`,
      name: `Synthetisch verband ${i + 1}`,
      description: 'Gegenereerd voor de benchmark en de schaaltests.',
      themes: [pick(THEMES), ...(next() < 0.3 ? [pick(THEMES)] : [])].filter((t, j, all) => all.indexOf(t) === j),
      legal_form: pick(FORMS),
      members: [...codes].map((code) => ({ code })),
      sources: ['https://example.org/synthetisch'],
      checked: '2026-11-23',
    });
  }
  return { boundary_year: real.boundary_year, verbanden: records, waterschappen: real.waterschappen };
}

/** A copy of `dist` in `target` whose dataset is the synthetic one (with compressed siblings). */
export function syntheticSite(dist, target, options) {
  fs.rmSync(target, { recursive: true, force: true });
  fs.cpSync(dist, target, { recursive: true, preserveTimestamps: true });
  const file = path.join(target, 'data/verbanden.json');
  const bytes = Buffer.from(JSON.stringify(syntheticDataset(dist, options)));
  fs.writeFileSync(file, bytes);
  if (fs.existsSync(`${path.join(dist, 'data/verbanden.json')}.gz`)) fs.writeFileSync(`${file}.gz`, zlib.gzipSync(bytes, { level: 9 }));
  if (fs.existsSync(`${path.join(dist, 'data/verbanden.json')}.br`)) fs.writeFileSync(`${file}.br`, zlib.brotliCompressSync(bytes));
  return target;
}
