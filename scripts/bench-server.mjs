// Benchmark of kaartviewer-server (run by scripts/bench-server.sh, which builds it first):
// throughput with wrk, and the latency of normal clients while hostile ones hold connections
// (for ATTACK_SECONDS, default 15: past the header timeout, so the server's closing and the
// attackers' reopening are part of it).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { root, startServer } from '../tests/browser/support.mjs';

const duration = process.env.DURATION || '10s';
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Requests per second and latency percentiles from one wrk run (keep-alive, as browsers). */
function wrk(url, clients) {
  const threads = Math.min(clients, 2);
  const out = execFileSync('wrk', ['-t', String(threads), '-c', String(clients), '-d', duration, '--latency',
    '-H', 'Accept-Encoding: br, gzip', url], { encoding: 'utf8' });
  const rps = Number(out.match(/Requests\/sec:\s+([\d.]+)/)[1]);
  const ms = (label) => {
    const m = out.match(new RegExp(`${label}%\\s+([\\d.]+)(us|ms|s)`));
    return m ? Number(m[1]) * { us: 0.001, ms: 1, s: 1000 }[m[2]] : null;
  };
  const errors = out.match(/Socket errors:.*|Non-2xx or 3xx responses: \d+/g) || [];
  return { requests_per_second: Math.round(rps), p50_ms: ms('50'), p99_ms: ms('99'), errors };
}

/** One GET on a new connection; resolves to its time in ms (rejects on an error status). */
function timedGet(url) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const request = http.get(url, { agent: false, headers: { 'accept-encoding': 'br, gzip' } }, (response) => {
      response.resume();
      response.on('end', () => (response.statusCode === 200
        ? resolve(Number(process.hrtime.bigint() - started) / 1e6)
        : reject(new Error(`status ${response.statusCode}`))));
    });
    request.setTimeout(30000, () => request.destroy(new Error('timeout')));
    request.on('error', reject);
  });
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

/**
 * p50/p95/max of sequential requests, each on a new connection: at least `count`, and for at
 * least `seconds` (one every 20 ms), so that an attack lasts past the server's timeouts.
 */
async function latency(url, count = 300, seconds = 0) {
  const times = [];
  let failed = 0;
  const until = Date.now() + seconds * 1000;
  for (let i = 0; i < count || Date.now() < until; i++) {
    try { times.push(await timedGet(url)); } catch { failed += 1; }
    if (seconds) await sleep(20);
  }
  count = times.length + failed;
  times.sort((a, b) => a - b);
  const round = (x) => Math.round(x * 100) / 100;
  return { requests: count, failed, p50_ms: round(percentile(times, 50)), p95_ms: round(percentile(times, 95)), max_ms: round(times.at(-1)) };
}

/**
 * Keeps `count` connections of a hostile kind open (each one reopened as soon as the server
 * closes it) until `stop()`. Slowloris: a request head that never ends, one more header line a
 * second. Slow reader: twenty pipelined requests for the wasm, never read.
 */
function hostile(kind, count, address, wasm) {
  let running = true;
  const sockets = new Set();
  let reopened = 0;
  const open = () => {
    if (!running) return;
    const socket = net.connect(address.port, address.host);
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => { sockets.delete(socket); if (running) { reopened += 1; setTimeout(open, 10); } });
    socket.on('connect', () => {
      if (kind === 'slowloris') {
        socket.write('GET / HTTP/1.1\r\nHost: x\r\n');
        const timer = setInterval(() => (socket.writable ? socket.write('X-Langzaam: ja\r\n') : clearInterval(timer)), 1000);
        socket.on('close', () => clearInterval(timer));
      } else {
        socket.pause();
        for (let i = 0; i < 20; i++) socket.write(`GET /${wasm} HTTP/1.1\r\nHost: x\r\n\r\n`);
      }
    });
  };
  for (let i = 0; i < count; i++) open();
  return {
    open: () => sockets.size,
    reopened: () => reopened,
    stop: () => { running = false; for (const s of sockets) s.destroy(); },
  };
}

const server = await startServer();
try {
  const url = server.url;
  const { hostname, port } = new URL(url);
  const dataset = `${url}data/verbanden.json`;
  const wasm = fs.readdirSync(path.join(root, 'dist')).find((f) => f.endsWith('_bg.wasm'));
  const throughput = {};
  for (const [name, target] of [['index.html', url], ['data/verbanden.json', dataset]]) {
    for (const clients of [1, 200]) {
      process.stdout.write(`wrk ${name}, ${clients} client(s), ${duration}… `);
      throughput[`${name} ${clients}`] = { path: name, clients, ...wrk(target, clients) };
      console.log(`${throughput[`${name} ${clients}`].requests_per_second} requests/s`);
    }
  }
  const calm = await latency(url);
  const loris = hostile('slowloris', 50, { host: hostname, port: Number(port) }, wasm);
  const readers = hostile('reader', 50, { host: hostname, port: Number(port) }, wasm);
  await sleep(1500);
  const openDuring = { slowloris: loris.open(), slow_readers: readers.open() };
  const underAttack = await latency(url, 300, Number(process.env.ATTACK_SECONDS || 15));
  const attack = { ...openDuring, slowloris_reopened: loris.reopened(), slow_readers_reopened: readers.reopened() };
  loris.stop();
  readers.stop();

  const results = {
    date: new Date().toISOString(),
    commit: execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim(),
    machine: `${(await import('node:os')).cpus().length} cores (shared), loopback; wrk and the server on the same machine`,
    wrk_duration: duration,
    throughput: Object.values(throughput),
    latency_new_connection: { calm, under_attack: underAttack, attack },
  };
  fs.mkdirSync(path.join(root, 'bench-results'), { recursive: true });
  fs.writeFileSync(path.join(root, 'bench-results/server.json'), `${JSON.stringify(results, null, 2)}\n`);

  console.log('\n| what | clients | requests/s | p50 ms | p99 ms |');
  console.log('|---|---:|---:|---:|---:|');
  for (const t of results.throughput) console.log(`| GET /${t.path === 'index.html' ? '' : t.path} (keep-alive) | ${t.clients} | ${t.requests_per_second} | ${t.p50_ms} | ${t.p99_ms} |`);
  console.log('\n| normal client (GET /, new connection each) | p50 ms | p95 ms | max ms | failed |');
  console.log('|---|---:|---:|---:|---:|');
  console.log(`| calm | ${calm.p50_ms} | ${calm.p95_ms} | ${calm.max_ms} | ${calm.failed}/${calm.requests} |`);
  console.log(`| with ${attack.slowloris} slowloris + ${attack.slow_readers} slow-reader connections open | ${underAttack.p50_ms} | ${underAttack.p95_ms} | ${underAttack.max_ms} | ${underAttack.failed}/${underAttack.requests} |`);
  console.log(`\n(hostile connections the server closed and the attacker reopened: ${attack.slowloris_reopened} slowloris, ${attack.slow_readers_reopened} slow readers)`);
  const errors = results.throughput.flatMap((t) => t.errors);
  if (errors.length) console.log(`wrk reported: ${errors.join('; ')}`);
  console.log('written to bench-results/server.json');
} finally {
  await server.stop();
}
