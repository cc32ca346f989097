// A real Bluesky network with its AppView, for counting responses:
// @atproto/dev-env's TestNetwork (PLC, PDS, AppView, Ozone, Bsync) on its
// own Postgres cluster and Redis, all on loopback, all gone when killed.
// Makes the account "leeds.test" (with an app password) and "fan.test"
// (who answers posts), and prints one JSON line:
// {"url", "handle", "did", "app_password", "fan_handle", "fan_password"}.
// Usage: node appview.js   (needs Node 22, postgres 15 and redis-server)
const http = require('http');
const fs = require('fs');
const path = require('path');
const net = require('net');
const { execFileSync, spawn } = require('child_process');

// Its servers listen on every interface when given only a port.
const listen = http.Server.prototype.listen;
http.Server.prototype.listen = function (...args) {
  if (typeof args[0] === 'number' && typeof args[1] !== 'string') {
    return listen.call(this, args[0], '127.0.0.1', ...args.slice(1));
  }
  return listen.apply(this, args);
};

const PG_BIN = process.env.PG_BIN || '/usr/lib/postgresql/15/bin';

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** Runs a command as the postgres user when we are root (it refuses root). */
function asPostgres(command, args) {
  if (process.getuid && process.getuid() === 0) {
    return execFileSync('runuser', ['-u', 'postgres', '--', command, ...args], { stdio: 'pipe' });
  }
  return execFileSync(command, args, { stdio: 'pipe' });
}

async function waitForPort(port) {
  for (let i = 0; i < 200; i += 1) {
    const open = await new Promise((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nothing listens on ${port}`);
}

let network;
let stop = async () => process.exit(1);

async function main() {
  // Under /tmp, not TMPDIR: the postgres user must reach its data, and a
  // caller's private TMPDIR (mode 0700) would keep it out.
  const dir = fs.mkdtempSync(path.join('/tmp', 'ourvoice-appview-'));
  fs.chmodSync(dir, 0o777);
  const pgData = path.join(dir, 'pg');
  fs.mkdirSync(pgData);
  if (process.getuid && process.getuid() === 0) execFileSync('chown', ['postgres', pgData]);
  const pgPort = await freePort();
  asPostgres(`${PG_BIN}/initdb`, ['-D', pgData, '-U', 'postgres', '--auth=trust', '-E', 'UTF8']);
  asPostgres(`${PG_BIN}/pg_ctl`, [
    '-D', pgData, '-l', path.join(pgData, 'log'), '-w', 'start',
    '-o', `-p ${pgPort} -k ${pgData} -c listen_addresses=127.0.0.1 -c fsync=off`,
  ]);
  const redisPort = await freePort();
  const redis = spawn('redis-server', [
    '--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no',
    '--dir', dir,
  ], { stdio: 'ignore' });
  await waitForPort(redisPort);

  let stopping = false;
  stop = async (code = 0) => {
    if (stopping) return;
    stopping = true;
    try {
      if (network) await network.close();
    } catch (error) {
      console.error(error);
    }
    redis.kill('SIGTERM');
    try {
      asPostgres(`${PG_BIN}/pg_ctl`, ['-D', pgData, '-m', 'immediate', 'stop']);
    } catch (error) {
      console.error(error.message);
    }
    fs.rmSync(dir, { recursive: true, force: true });
    process.exit(code);
  };
  process.on('SIGTERM', () => stop(0));
  process.on('SIGINT', () => stop(0));

  process.env.REDIS_HOST = `127.0.0.1:${redisPort}`;
  process.env.TMPDIR = dir;
  const { TestNetwork } = require('@atproto/dev-env');
  const { AtpAgent } = require('@atproto/api');
  network = await TestNetwork.create({
    dbPostgresUrl: `postgresql://postgres@127.0.0.1:${pgPort}/postgres`,
    // Its own cluster: one schema name does.
    dbPostgresSchema: 'ourvoice',
  });
  const url = network.pds.url;
  const agent = new AtpAgent({ service: url });
  const handle = 'leeds.test';
  await agent.createAccount({ email: 'leeds@example.test', handle, password: 'leeds-password' });
  const app = await agent.com.atproto.server.createAppPassword({ name: 'ourvoice' });
  const fan = new AtpAgent({ service: url });
  await fan.createAccount({ email: 'fan@example.test', handle: 'fan.test', password: 'fan-password' });
  console.log(JSON.stringify({
    url,
    handle,
    did: agent.session.did,
    app_password: app.data.password,
    fan_handle: 'fan.test',
    fan_password: 'fan-password',
  }));
}

main().catch((error) => {
  console.error(error);
  stop(1);
});
