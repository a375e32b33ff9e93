// A real OpenID provider on loopback for the single sign-on browser test.
//
//   node oidc_provider.mjs REDIRECT_URI
//
// Listens on a free 127.0.0.1 port and prints one JSON line, {"issuer": "http://127.0.0.1:PORT"},
// once it answers. One confidential client (code flow, PKCE, RS256 ID tokens) and a few fixed
// accounts; its development sign-in page accepts any password for those accounts.
import http from 'node:http';

import Provider from 'oidc-provider';

const CLIENT_ID = 'coaching-circles';
const CLIENT_SECRET = 'a-test-client-secret-that-is-long-enough';

// Sign-in names on the provider's page, and what it says about each of them: a member of the
// demo organisation (in another case), someone not in its directory, and an unverified address.
const ACCOUNTS = {
  dmitri: { email: 'Member@Northwind.example', email_verified: true, name: 'Dmitri Volkov' },
  stranger: { email: 'stranger@northwind.example', email_verified: true, name: 'Sam Stranger' },
  unverified: { email: 'lead@northwind.example', email_verified: false, name: 'Not the lead' },
};

const redirectUri = process.argv[2];
if (!redirectUri) {
  console.error('usage: node oidc_provider.mjs REDIRECT_URI');
  process.exit(2);
}

const server = http.createServer();
server.listen(0, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        redirect_uris: [redirectUri],
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'client_secret_basic',
        id_token_signed_response_alg: 'RS256',
      },
    ],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    pkce: { required: () => true },
    cookies: { keys: ['loopback-test-cookie-key'] },
    async findAccount(ctx, id) {
      const account = ACCOUNTS[id];
      if (!account) return undefined;
      return { accountId: id, claims: async () => ({ sub: id, ...account }) };
    },
  });
  server.on('request', provider.callback());
  console.log(JSON.stringify({ issuer }));
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
