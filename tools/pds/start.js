// A real Bluesky server (PDS) for the publishing tests: @atproto/dev-env's
// PDS with an in-memory PLC directory, on loopback only. Makes the account
// "leeds.test" with an app password and prints one JSON line:
// {"url", "handle", "did", "app_password"}. Runs until killed.
// Usage: node start.js PLC_PORT PDS_PORT
const http = require('http');

// Its servers listen on every interface when given only a port.
const listen = http.Server.prototype.listen;
http.Server.prototype.listen = function (...args) {
  if (typeof args[0] === 'number' && typeof args[1] !== 'string') {
    return listen.call(this, args[0], '127.0.0.1', ...args.slice(1));
  }
  return listen.apply(this, args);
};

const { TestNetworkNoAppView } = require('@atproto/dev-env');
const { AtpAgent } = require('@atproto/api');

// PDS_ACCESS_SECONDS=N makes access tokens last N seconds instead of two
// hours, so tests see one run out. The PDS signs them with jose's
// SignJWT, whose default lifetime for them is '120mins'.
async function shortenAccessTokens(seconds) {
  const jose = await import('jose');
  const set = jose.SignJWT.prototype.setExpirationTime;
  jose.SignJWT.prototype.setExpirationTime = function (time) {
    return set.call(this, time === '120mins' ? `${seconds}s` : time);
  };
}

async function main() {
  const [plcPort, pdsPort] = process.argv.slice(2).map(Number);
  const seconds = Number(process.env.PDS_ACCESS_SECONDS || 0);
  if (seconds > 0) await shortenAccessTokens(seconds);
  const network = await TestNetworkNoAppView.create({
    plc: { port: plcPort },
    pds: { port: pdsPort },
  });
  const url = network.pds.url;
  const agent = new AtpAgent({ service: url });
  const handle = 'leeds.test';
  await agent.createAccount({ email: 'leeds@example.test', handle, password: 'leeds-password' });
  const app = await agent.com.atproto.server.createAppPassword({ name: 'ourvoice' });
  console.log(JSON.stringify({ url, handle, did: agent.session.did, app_password: app.data.password }));
  const stop = async () => {
    await network.close();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
