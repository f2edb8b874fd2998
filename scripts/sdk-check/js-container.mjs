// What the AWS SDK for JavaScript v3 surfaces from rolegate's container-credentials endpoint, success and errors.
//
//   cd scripts/sdk-check && npm install
//   ROLEGATE_URL=http://127.0.0.1:8080 ROLEGATE_PROJECT=acme ROLEGATE_ACCOUNT=prod ROLEGATE_TOKEN=rgw_... node js-container.mjs
//
// For each case it runs fromHttp (@aws-sdk/credential-provider-http, what the default chain tries first),
// fromContainerMetadata (@smithy/credential-provider-imds, tried next) and the default chain (defaultProvider of
// @aws-sdk/credential-provider-node), configured only through the environment variables a worker sets, and prints
// what each returned or threw. Secrets are never printed: only the access key id and the expiration.
import { writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRequire } from "node:module";
import { fromHttp } from "@aws-sdk/credential-provider-http";
import { fromContainerMetadata } from "@smithy/credential-provider-imds";
import { defaultProvider } from "@aws-sdk/credential-provider-node";

const require = createRequire(import.meta.url);
const version = (name) => require(`${name}/package.json`).version;
const { ROLEGATE_URL, ROLEGATE_PROJECT, ROLEGATE_ACCOUNT, ROLEGATE_TOKEN } = process.env;
if (!ROLEGATE_URL || !ROLEGATE_PROJECT || !ROLEGATE_ACCOUNT || !ROLEGATE_TOKEN) {
  console.error("set ROLEGATE_URL, ROLEGATE_PROJECT, ROLEGATE_ACCOUNT and ROLEGATE_TOKEN");
  process.exit(2);
}
const dir = mkdtempSync(join(tmpdir(), "rolegate-sdk-check-"));
const tokenFile = (name, content) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const uri = (account) => `${ROLEGATE_URL.replace(/\/$/, "")}/v1/container-credentials/${ROLEGATE_PROJECT}/${account}`;

const cases = [
  { name: "token variable", env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: uri(ROLEGATE_ACCOUNT), AWS_CONTAINER_AUTHORIZATION_TOKEN: ROLEGATE_TOKEN } },
  { name: "token file, no newline", env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: uri(ROLEGATE_ACCOUNT), AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: tokenFile("plain", ROLEGATE_TOKEN) } },
  { name: "token file ending in a newline", env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: uri(ROLEGATE_ACCOUNT), AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: tokenFile("newline", ROLEGATE_TOKEN + "\n") } },
  { name: "unknown token (401)", env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: uri(ROLEGATE_ACCOUNT), AWS_CONTAINER_AUTHORIZATION_TOKEN: "rgw_" + "A".repeat(43) } },
  { name: "account not granted (403)", env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: uri("no-such-account"), AWS_CONTAINER_AUTHORIZATION_TOKEN: ROLEGATE_TOKEN } },
];
const providers = {
  fromHttp: () => fromHttp({ maxRetries: 0 }),
  fromContainerMetadata: () => fromContainerMetadata({ maxRetries: 0 }),
  defaultProvider: () => defaultProvider({ maxRetries: 0 }),
};
const VARS = ["AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_AUTHORIZATION_TOKEN", "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"];
const redact = (text) => String(text).split(ROLEGATE_TOKEN).join("<token>");

console.log(`node ${process.version}; @aws-sdk/credential-provider-http ${version("@aws-sdk/credential-provider-http")}, `
  + `@smithy/credential-provider-imds ${version("@smithy/credential-provider-imds")}, `
  + `@aws-sdk/credential-provider-node ${version("@aws-sdk/credential-provider-node")}`);
for (const c of cases) {
  for (const [name, make] of Object.entries(providers)) {
    for (const v of VARS) delete process.env[v];
    for (const [k, v] of Object.entries(c.env)) process.env[k] = v;
    process.env.AWS_EC2_METADATA_DISABLED = "true";
    try {
      const creds = await make()();
      console.log(`${c.name} | ${name} | OK accessKeyId=${creds.accessKeyId} expiration=${creds.expiration?.toISOString()}`);
    } catch (e) {
      const fields = [e.name, e.message, e.Code && `Code=${e.Code}`, e.Message && `Message=${e.Message}`].filter(Boolean).join(" | ");
      console.log(`${c.name} | ${name} | ERROR ${redact(fields).replace(/\s+/g, " ").slice(0, 300)}`);
    }
  }
}
