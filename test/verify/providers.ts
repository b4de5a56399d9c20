// What each provider documents for the request a verifier sends, written out
// again here by hand (not read from the rules), with the answers the
// provider documents for a working key and a rejected one. The local server
// (server.ts) checks every request against this table: method, host, path,
// headers, body, and that the secret is nowhere but where the provider
// expects it.

export type Answer = { status: number; headers?: Record<string, string>; body: string };

export interface Shape {
  /** Rule ids whose verifier sends this request. */
  rules: string[];
  method: string;
  host: string;
  /** The path and query, with $S where the secret goes (URL-encoded). */
  path: string;
  /** Headers the request must carry (lower-case names), with $S where the secret goes. */
  headers?: Record<string, string>;
  /** Basic auth, with $S: [user, password]. */
  basic?: [string, string];
  /** The exact body, with $S. */
  body?: string;
  live: Answer;
  revoked: Answer;
  /**
   * A refusal the provider documents for a key that works but lacks a
   * permission (or a quota) with the same status as an invalid key: it must
   * not read as revoked.
   */
  refused?: Answer;
  /** What the report must say of a live key. */
  account?: string;
  scopes?: string[];
}

const json = (status: number, body: unknown, headers?: Record<string, string>): Answer => ({ status, body: JSON.stringify(body), ...(headers ? { headers } : {}) });
const unauthorized = json(401, { error: { message: "Incorrect API key provided", type: "invalid_request_error" } });
const bearer = { authorization: "Bearer $S" };
/** GitHub documents these two headers on every REST request (and a User-Agent, which every verifier sends). */
const github = { ...bearer, accept: "application/vnd.github+json", "x-github-api-version": "2022-11-28" };

export const SHAPES: Shape[] = [
  { rules: ["openai-legacy-key", "openai-project-key", "openai-service-account-key"], method: "GET", host: "api.openai.com", path: "/v1/models", headers: bearer, live: json(200, { object: "list", data: [{ id: "gpt-4o", object: "model" }] }), revoked: unauthorized },
  { rules: ["openai-admin-key"], method: "GET", host: "api.openai.com", path: "/v1/organization/users?limit=1", headers: bearer, live: json(200, { object: "list", data: [] }), revoked: unauthorized },
  { rules: ["anthropic-api-key"], method: "GET", host: "api.anthropic.com", path: "/v1/models", headers: { "x-api-key": "$S", "anthropic-version": "2023-06-01" }, live: json(200, { data: [{ id: "claude-sonnet-4-5", type: "model" }], has_more: false }), revoked: json(401, { type: "error", error: { type: "authentication_error", message: "invalid x-api-key" } }) },
  { rules: ["anthropic-admin-key"], method: "GET", host: "api.anthropic.com", path: "/v1/organizations/users?limit=1", headers: { "x-api-key": "$S", "anthropic-version": "2023-06-01" }, live: json(200, { data: [], has_more: false }), revoked: json(401, { type: "error", error: { type: "authentication_error" } }) },
  { rules: ["google-api-key", "gemini-api-key"], method: "GET", host: "generativelanguage.googleapis.com", path: "/v1beta/models?pageSize=1", headers: { "x-goog-api-key": "$S" }, live: json(200, { models: [{ name: "models/gemini-2.5-flash" }] }), revoked: json(400, { error: { code: 400, status: "INVALID_ARGUMENT", details: [{ reason: "API_KEY_INVALID" }] } }) },
  { rules: ["deepseek-api-key"], method: "GET", host: "api.deepseek.com", path: "/user/balance", headers: bearer, live: json(200, { is_available: true, balance_infos: [{ currency: "CNY", total_balance: "110.00" }] }), revoked: json(401, { error: { message: "Authentication Fails", type: "authentication_error" } }), scopes: ["CNY"] },
  { rules: ["dashscope-api-key"], method: "GET", host: "dashscope-intl.aliyuncs.com", path: "/compatible-mode/v1/models", headers: bearer, live: json(200, { object: "list", data: [{ id: "qwen-plus" }] }), revoked: json(401, { error: { code: "invalid_api_key" } }) },
  { rules: ["sendgrid-api-key"], method: "GET", host: "api.sendgrid.com", path: "/v3/scopes", headers: bearer, live: json(200, { scopes: ["mail.send", "alerts.read"] }), revoked: json(401, { errors: [{ message: "The provided authorization grant is invalid, expired, or revoked" }] }),
    refused: json(403, { errors: [{ field: null, message: "access forbidden" }] }), scopes: ["mail.send", "alerts.read"] },
  { rules: ["openweathermap-api-key", "openweathermap-appid-url"], method: "GET", host: "api.openweathermap.org", path: "/data/2.5/weather?q=London&appid=$S", live: json(200, { name: "London", cod: 200 }), revoked: json(401, { cod: 401, message: "Invalid API key. Please see https://openweathermap.org/faq#error401 for more info." }) },
  {
    rules: ["github-personal-access-token", "github-oauth-token", "github-user-to-server-token", "github-fine-grained-pat"], method: "GET", host: "api.github.com", path: "/user", headers: github,
    live: json(200, { login: "octocat", id: 1 }, { "X-OAuth-Scopes": "repo, workflow" }), revoked: json(401, { message: "Bad credentials" }), account: "octocat", scopes: ["repo", "workflow"],
  },
  { rules: ["github-app-installation-token"], method: "GET", host: "api.github.com", path: "/installation/repositories?per_page=1", headers: github, live: json(200, { total_count: 1, repositories: [] }), revoked: json(401, { message: "Bad credentials" }) },
  { rules: ["gitlab-personal-access-token"], method: "GET", host: "gitlab.com", path: "/api/v4/personal_access_tokens/self", headers: { "private-token": "$S" }, live: json(200, { id: 4, name: "ci-deploy", revoked: false, scopes: ["api", "read_repository"], user_id: 3 }), revoked: json(401, { message: "401 Unauthorized" }), account: "ci-deploy", scopes: ["api", "read_repository"] },
  {
    rules: ["slack-bot-token", "slack-user-token", "slack-legacy-token", "slack-legacy-workspace-token", "slack-legacy-bot-token"], method: "POST", host: "slack.com", path: "/api/auth.test", headers: bearer,
    live: json(200, { ok: true, url: "https://acme.slack.com/", team: "Acme", user: "bot" }, { "x-oauth-scopes": "chat:write,channels:read" }), revoked: json(200, { ok: false, error: "invalid_auth" }), account: "https://acme.slack.com/", scopes: ["chat:write", "channels:read"],
  },
  { rules: ["stripe-live-secret-key"], method: "GET", host: "api.stripe.com", path: "/v1/balance", basic: ["$S", ""], live: json(200, { object: "balance", livemode: true }), revoked: json(401, { error: { type: "invalid_request_error", message: "Invalid API Key provided" } }), scopes: ["live mode"] },
  { rules: ["stripe-live-restricted-key", "stripe-prod-restricted-key"], method: "GET", host: "api.stripe.com", path: "/v1/balance", basic: ["$S", ""], live: json(403, { error: { type: "invalid_request_error", code: "secret_key_required" } }), revoked: json(401, { error: { type: "invalid_request_error" } }), scopes: ["live mode", "restricted"] },
  { rules: ["stripe-test-secret-key"], method: "GET", host: "api.stripe.com", path: "/v1/balance", basic: ["$S", ""], live: json(200, { object: "balance", livemode: false }), revoked: json(401, { error: { type: "invalid_request_error" } }), scopes: ["test mode"] },
  { rules: ["npm-access-token"], method: "GET", host: "registry.npmjs.org", path: "/-/whoami", headers: bearer, live: json(200, { username: "npm-user" }), revoked: json(401, { error: "Unauthorized" }), account: "npm-user" },
  { rules: ["huggingface-token"], method: "GET", host: "huggingface.co", path: "/api/whoami-v2", headers: bearer, live: json(200, { type: "user", name: "hf-user", auth: { accessToken: { displayName: "ci", role: "write" } } }), revoked: json(401, { error: "Invalid credentials in Authorization header" }), account: "hf-user", scopes: ["write"] },
  { rules: ["groq-api-key"], method: "GET", host: "api.groq.com", path: "/openai/v1/models", headers: bearer, live: json(200, { object: "list", data: [] }), revoked: json(401, { error: { message: "Invalid API Key", code: "invalid_api_key" } }) },
  { rules: ["mistral-api-key"], method: "GET", host: "api.mistral.ai", path: "/v1/models", headers: bearer, live: json(200, { object: "list", data: [] }), revoked: json(401, { message: "Unauthorized" }) },
  { rules: ["xai-api-key"], method: "GET", host: "api.x.ai", path: "/v1/api-key", headers: bearer, live: json(200, { name: "My API Key", acls: ["api-key:model:*", "api-key:endpoint:*"], api_key_blocked: false, api_key_disabled: false }), revoked: json(400, { error: "Incorrect API key provided" }), account: "My API Key", scopes: ["api-key:model:*", "api-key:endpoint:*"] },
  { rules: ["openrouter-api-key"], method: "GET", host: "openrouter.ai", path: "/api/v1/key", headers: bearer, live: json(200, { data: { label: "sk-or-v1-au7...890", limit: 100, usage: 25.5 } }), revoked: json(401, { error: { message: "No auth credentials found", code: 401 } }), account: "sk-or-v1-au7...890" },
  { rules: ["mailgun-api-key"], method: "GET", host: "api.mailgun.net", path: "/v3/domains?limit=1", basic: ["api", "$S"], live: json(200, { total_count: 1, items: [] }), revoked: { status: 401, body: "Forbidden" } },
  { rules: ["telegram-bot-token"], method: "GET", host: "api.telegram.org", path: "/bot$S/getMe", live: json(200, { ok: true, result: { id: 1, is_bot: true, username: "acme_bot" } }), revoked: json(401, { ok: false, error_code: 401, description: "Unauthorized" }), account: "acme_bot" },
  { rules: ["discord-bot-token"], method: "GET", host: "discord.com", path: "/api/v10/users/@me", headers: { authorization: "Bot $S" }, live: json(200, { id: "80351110224678912", username: "acme-bot", bot: true }), revoked: json(401, { message: "401: Unauthorized", code: 0 }), account: "acme-bot" },
  { rules: ["cohere-api-key"], method: "POST", host: "api.cohere.com", path: "/v1/check-api-key", headers: bearer, live: json(200, { valid: true, organization_id: "org-42" }), revoked: json(401, { message: "invalid api token" }), account: "org-42" },
  { rules: ["together-api-key"], method: "GET", host: "api.together.xyz", path: "/v1/models", headers: bearer, live: json(200, []), revoked: json(401, { error: { message: "Invalid API key provided" } }) },
  { rules: ["replicate-api-token"], method: "GET", host: "api.replicate.com", path: "/v1/account", headers: bearer, live: json(200, { type: "organization", username: "acme", name: "Acme" }), revoked: json(401, { title: "Unauthenticated", status: 401 }), account: "acme", scopes: ["organization"] },
  { rules: ["elevenlabs-api-key"], method: "GET", host: "api.elevenlabs.io", path: "/v1/user", headers: { "xi-api-key": "$S" }, live: json(200, { user_id: "u1", subscription: { tier: "creator" } }), revoked: json(401, { detail: { status: "invalid_api_key", message: "Invalid API key" } }),
    refused: json(401, { detail: { status: "missing_permissions", message: "The API key you used is missing the permission user_read to execute this operation." } }), scopes: ["creator"] },
  { rules: ["deepgram-api-key"], method: "GET", host: "api.deepgram.com", path: "/v1/projects", headers: { authorization: "Token $S" }, live: json(200, { projects: [{ project_id: "p1", name: "acme-prod" }] }), revoked: json(401, { err_code: "INVALID_AUTH" }), account: "acme-prod" },
  { rules: ["pinecone-api-key"], method: "GET", host: "api.pinecone.io", path: "/indexes", headers: { "api-key": "$S", "x-pinecone-api-version": "2024-07" }, live: json(200, { indexes: [] }), revoked: json(401, { error: { code: "UNAUTHENTICATED" } }) },
  { rules: ["cerebras-api-key"], method: "GET", host: "api.cerebras.ai", path: "/v1/models", headers: bearer, live: json(200, { object: "list", data: [] }), revoked: json(401, { message: "Wrong API Key" }) },
  { rules: ["stability-api-key"], method: "GET", host: "api.stability.ai", path: "/v1/user/account", headers: bearer, live: json(200, { id: "u1", email: "ml@acme.example" }), revoked: json(401, { name: "unauthorized" }), account: "ml@acme.example" },
  { rules: ["digitalocean-personal-access-token"], method: "GET", host: "api.digitalocean.com", path: "/v2/account", headers: bearer, live: json(200, { account: { email: "ops@acme.example", status: "active" } }), revoked: json(401, { id: "Unauthorized", message: "Unable to authenticate you." }), account: "ops@acme.example" },
  { rules: ["heroku-api-key"], method: "GET", host: "api.heroku.com", path: "/account", headers: { authorization: "Bearer $S", accept: "application/vnd.heroku+json; version=3" }, live: json(200, { email: "dev@acme.example" }), revoked: json(401, { id: "unauthorized" }), account: "dev@acme.example" },
  { rules: ["cloudflare-api-token"], method: "GET", host: "api.cloudflare.com", path: "/client/v4/user/tokens/verify", headers: bearer, live: json(200, { success: true, result: { id: "t1", status: "active" } }), revoked: json(401, { success: false, errors: [{ code: 1000, message: "Invalid API Token" }] }), scopes: ["active"] },
  { rules: ["vercel-token"], method: "GET", host: "api.vercel.com", path: "/v2/user", headers: bearer, live: json(200, { user: { username: "acme-dev" } }), revoked: json(403, { error: { code: "forbidden", message: "Not authorized", invalidToken: true } }),
    refused: json(403, { error: { code: "forbidden", message: "You don't have permission to access this resource." } }), account: "acme-dev" },
  { rules: ["netlify-access-token", "netlify-legacy-token"], method: "GET", host: "api.netlify.com", path: "/api/v1/user", headers: bearer, live: json(200, { email: "web@acme.example" }), revoked: json(401, { code: 401, message: "Access Denied" }), account: "web@acme.example" },
  { rules: ["linode-token"], method: "GET", host: "api.linode.com", path: "/v4/profile", headers: bearer, live: json(200, { username: "acme-ops" }), revoked: json(401, { errors: [{ reason: "Invalid Token" }] }), account: "acme-ops" },
  { rules: ["supabase-access-token"], method: "GET", host: "api.supabase.com", path: "/v1/projects", headers: bearer, live: json(200, []), revoked: json(401, { message: "Unauthorized" }) },
  { rules: ["pulumi-access-token"], method: "GET", host: "api.pulumi.com", path: "/api/user", headers: { authorization: "token $S", accept: "application/vnd.pulumi+8" }, live: json(200, { githubLogin: "acme-infra" }), revoked: json(401, { code: 401, message: "Unauthorized: No credentials provided or are invalid." }), account: "acme-infra" },
  { rules: ["datadog-api-key"], method: "GET", host: "api.datadoghq.com", path: "/api/v1/validate", headers: { "dd-api-key": "$S" }, live: json(200, { valid: true }), revoked: json(403, { errors: ["Forbidden"] }) },
  {
    rules: ["newrelic-user-api-key"], method: "POST", host: "api.newrelic.com", path: "/graphql", headers: { "api-key": "$S", "content-type": "application/json" }, body: JSON.stringify({ query: "{ actor { user { email } } }" }),
    live: json(200, { data: { actor: { user: { email: "sre@acme.example" } } } }), revoked: json(401, { errors: [{ message: "Invalid API key" }] }), account: "sre@acme.example",
  },
  { rules: ["pagerduty-api-key"], method: "GET", host: "api.pagerduty.com", path: "/abilities", headers: { authorization: "Token token=$S", accept: "application/vnd.pagerduty+json;version=2" }, live: json(200, { abilities: ["teams"] }), revoked: json(401, { error: { message: "Invalid Token", code: 2006 } }) },
  { rules: ["notion-integration-token"], method: "GET", host: "api.notion.com", path: "/v1/users/me", headers: { authorization: "Bearer $S", "notion-version": "2022-06-28" }, live: json(200, { object: "user", type: "bot", name: "Acme sync" }), revoked: json(401, { object: "error", code: "unauthorized" }), account: "Acme sync" },
  {
    rules: ["linear-api-key"], method: "POST", host: "api.linear.app", path: "/graphql", headers: { authorization: "$S", "content-type": "application/json" }, body: JSON.stringify({ query: "{ viewer { email } }" }),
    live: json(200, { data: { viewer: { email: "pm@acme.example" } } }), revoked: json(400, { errors: [{ message: "Authentication required, not authenticated" }] }), account: "pm@acme.example",
  },
  { rules: ["airtable-personal-access-token"], method: "GET", host: "api.airtable.com", path: "/v0/meta/whoami", headers: bearer, live: json(200, { id: "usrX", email: "ops@acme.example", scopes: ["data.records:read", "schema.bases:read"] }), revoked: json(401, { error: { type: "AUTHENTICATION_REQUIRED" } }), account: "ops@acme.example", scopes: ["data.records:read", "schema.bases:read"] },
  { rules: ["postman-api-key"], method: "GET", host: "api.getpostman.com", path: "/me", headers: { "x-api-key": "$S" }, live: json(200, { user: { id: 1, username: "acme-qa" } }), revoked: json(401, { error: { name: "AuthenticationError" } }), account: "acme-qa" },
  { rules: ["figma-token"], method: "GET", host: "api.figma.com", path: "/v1/me", headers: { "x-figma-token": "$S" }, live: json(200, { id: "1", email: "design@acme.example", handle: "acme" }), revoked: json(403, { status: 403, err: "Invalid token" }),
    refused: json(403, { status: 403, err: "Invalid scope(s): files:read. This endpoint requires the current_user:read scope" }), account: "design@acme.example" },
  { rules: ["asana-pat"], method: "GET", host: "app.asana.com", path: "/api/1.0/users/me", headers: bearer, live: json(200, { data: { gid: "1", email: "team@acme.example" } }), revoked: json(401, { errors: [{ message: "Not Authorized" }] }), account: "team@acme.example" },
  { rules: ["square-access-token"], method: "GET", host: "connect.squareup.com", path: "/v2/locations", headers: bearer, live: json(200, { locations: [] }), revoked: json(401, { errors: [{ category: "AUTHENTICATION_ERROR", code: "UNAUTHORIZED" }] }) },
  { rules: ["terraform-cloud-token"], method: "GET", host: "app.terraform.io", path: "/api/v2/account/details", headers: bearer, live: json(200, { data: { id: "user-1", attributes: { username: "acme-tf" } } }), revoked: json(401, { errors: [{ status: "401", title: "unauthorized" }] }), account: "acme-tf" },
  { rules: ["circleci-token"], method: "GET", host: "circleci.com", path: "/api/v2/me", headers: { "circle-token": "$S" }, live: json(200, { id: "1", login: "acme-ci", name: "Acme CI" }), revoked: json(401, { message: "You must log in first." }), account: "acme-ci" },
  { rules: ["buildkite-token"], method: "GET", host: "api.buildkite.com", path: "/v2/access-token", headers: bearer, live: json(200, { uuid: "b1", scopes: ["read_builds", "read_pipelines"] }), revoked: json(401, { message: "Authentication required" }), scopes: ["read_builds", "read_pipelines"] },
  { rules: ["postmark-server-token"], method: "GET", host: "api.postmarkapp.com", path: "/server", headers: { "x-postmark-server-token": "$S" }, live: json(200, { ID: 1, Name: "Acme transactional" }), revoked: json(401, { ErrorCode: 10, Message: "Request does not contain a valid Server token." }), account: "Acme transactional" },
  { rules: ["brevo-api-key"], method: "GET", host: "api.brevo.com", path: "/v3/account", headers: { "api-key": "$S" }, live: json(200, { email: "news@acme.example", companyName: "Acme" }), revoked: json(401, { code: "unauthorized", message: "Key not found" }),
    refused: json(401, { code: "unauthorized", message: "We have detected you are using an unrecognised IP address 192.0.2.1. If you performed this action make sure to add the new IP address in this link" }), account: "news@acme.example" },
  { rules: ["doppler-token"], method: "GET", host: "api.doppler.com", path: "/v3/me", headers: bearer, live: json(200, { workplace: { name: "Acme" }, type: "service_token" }), revoked: json(401, { messages: ["Invalid Auth token"], success: false }), account: "Acme", scopes: ["service_token"] },
  { rules: ["sentry-user-token"], method: "GET", host: "sentry.io", path: "/api/0/organizations/", headers: bearer, live: json(200, [{ slug: "acme", name: "Acme" }]), revoked: json(401, { detail: "Invalid token" }), account: "acme" },
];

/** Rate limited, as the providers document it: 429 with Retry-After. */
export const RATE_LIMITED: Answer = { status: 429, headers: { "Retry-After": "30" }, body: JSON.stringify({ error: { message: "Rate limit reached" } }) };
