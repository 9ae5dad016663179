import { createHmac } from "node:crypto";

const TOKEN_LIFETIME_S = 1800;
/** Renew this long before expiry so a token never expires in flight. */
const RENEW_MARGIN_S = 300;

function base64url(data: string | Buffer): string {
  return Buffer.from(data).toString("base64url");
}

/** Kling's JWT: HS256, `iss` = access key, `exp` = now + 30 min, `nbf` = now - 5 s, signed with the secret key. */
export function klingJwt(accessKey: string, secretKey: string, nowMs: number): string {
  const now = Math.floor(nowMs / 1000);
  const header = base64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
  const payload = base64url(JSON.stringify({ iss: accessKey, exp: now + TOKEN_LIFETIME_S, nbf: now - 5 }));
  const signature = createHmac("sha256", secretKey).update(`${header}.${payload}`).digest("base64url");
  return `${header}.${payload}.${signature}`;
}

/** Keeps one token and makes a new one shortly before it expires. */
export class KlingTokenSource {
  #token = "";
  #expiresAtS = 0;

  constructor(
    private readonly accessKey: string,
    private readonly secretKey: string,
    private readonly now: () => number,
  ) {}

  token(): string {
    const nowS = Math.floor(this.now() / 1000);
    if (nowS >= this.#expiresAtS - RENEW_MARGIN_S) {
      this.#token = klingJwt(this.accessKey, this.secretKey, this.now());
      this.#expiresAtS = nowS + TOKEN_LIFETIME_S;
    }
    return this.#token;
  }
}
