// Environment-variable names for fixed secrets. A provider's documented
// name wins (its SDK reads it by itself: the OpenAI client needs no argument
// once OPENAI_API_KEY is set); otherwise the name the code assigned the
// value to, in UPPER_SNAKE_CASE; otherwise a plain word from the rule.

/** The names the providers' SDKs and docs use, by rule id (or rule-id prefix ending in "-"). */
const PROVIDER_NAMES: Record<string, string> = {
  "openai-": "OPENAI_API_KEY",
  "openai-admin-key": "OPENAI_ADMIN_KEY",
  "anthropic-": "ANTHROPIC_API_KEY",
  "anthropic-admin-key": "ANTHROPIC_ADMIN_KEY",
  "anthropic-oauth-token": "CLAUDE_CODE_OAUTH_TOKEN",
  "gemini-api-key": "GEMINI_API_KEY",
  "google-api-key": "GOOGLE_API_KEY",
  "azure-openai-key": "AZURE_OPENAI_API_KEY",
  "mistral-api-key": "MISTRAL_API_KEY",
  "cohere-api-key": "CO_API_KEY",
  "groq-api-key": "GROQ_API_KEY",
  "xai-api-key": "XAI_API_KEY",
  "deepseek-api-key": "DEEPSEEK_API_KEY",
  "dashscope-api-key": "DASHSCOPE_API_KEY",
  "moonshot-api-key": "MOONSHOT_API_KEY",
  "zhipu-api-key": "ZHIPUAI_API_KEY",
  "perplexity-api-key": "PERPLEXITY_API_KEY",
  "together-api-key": "TOGETHER_API_KEY",
  "fireworks-api-key": "FIREWORKS_API_KEY",
  "openrouter-api-key": "OPENROUTER_API_KEY",
  "replicate-api-token": "REPLICATE_API_TOKEN",
  "huggingface-token": "HF_TOKEN",
  "elevenlabs-api-key": "ELEVENLABS_API_KEY",
  "assemblyai-api-key": "ASSEMBLYAI_API_KEY",
  "deepgram-api-key": "DEEPGRAM_API_KEY",
  "pinecone-api-key": "PINECONE_API_KEY",
  "langsmith-api-key": "LANGSMITH_API_KEY",
  "wandb-api-key": "WANDB_API_KEY",
  "voyage-api-key": "VOYAGE_API_KEY",
  "cerebras-api-key": "CEREBRAS_API_KEY",
  "nvidia-api-key": "NVIDIA_API_KEY",
  "tavily-api-key": "TAVILY_API_KEY",
  "llamacloud-api-key": "LLAMA_CLOUD_API_KEY",
  "langfuse-secret-key": "LANGFUSE_SECRET_KEY",
  "jina-api-key": "JINA_API_KEY",
  "firecrawl-api-key": "FIRECRAWL_API_KEY",
  "aws-bedrock-api-key": "AWS_BEARER_TOKEN_BEDROCK",
  "stability-api-key": "STABILITY_API_KEY",
  "e2b-api-key": "E2B_API_KEY",
  "fal-api-key": "FAL_KEY",
  "serpapi-api-key": "SERPAPI_API_KEY",
  "aws-access-key-id": "AWS_ACCESS_KEY_ID",
  "aws-secret-access-key": "AWS_SECRET_ACCESS_KEY",
  "aws-session-token": "AWS_SESSION_TOKEN",
  "digitalocean-personal-access-token": "DIGITALOCEAN_ACCESS_TOKEN",
  "heroku-api-key": "HEROKU_API_KEY",
  "cloudflare-api-token": "CLOUDFLARE_API_TOKEN",
  "cloudflare-global-api-key": "CLOUDFLARE_API_KEY",
  "vercel-token": "VERCEL_TOKEN",
  "netlify-access-token": "NETLIFY_AUTH_TOKEN",
  "flyio-token": "FLY_API_TOKEN",
  "supabase-access-token": "SUPABASE_ACCESS_TOKEN",
  "alibaba-access-key-id": "ALIBABA_CLOUD_ACCESS_KEY_ID",
  "alibaba-access-key-secret": "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
  "ibm-cloud-api-key": "IBMCLOUD_API_KEY",
  "linode-token": "LINODE_TOKEN",
  "hetzner-cloud-token": "HCLOUD_TOKEN",
  "render-api-key": "RENDER_API_KEY",
  "pulumi-access-token": "PULUMI_ACCESS_TOKEN",
  "databricks-token": "DATABRICKS_TOKEN",
  "cloudinary-url": "CLOUDINARY_URL",
  "slack-bot-token": "SLACK_BOT_TOKEN",
  "slack-app-token": "SLACK_APP_TOKEN",
  "slack-webhook-url": "SLACK_WEBHOOK_URL",
  "discord-bot-token": "DISCORD_TOKEN",
  "telegram-bot-token": "TELEGRAM_BOT_TOKEN",
  "twilio-auth-token": "TWILIO_AUTH_TOKEN",
  "twilio-api-key": "TWILIO_API_KEY",
  "sendgrid-api-key": "SENDGRID_API_KEY",
  "mailgun-api-key": "MAILGUN_API_KEY",
  "postmark-server-token": "POSTMARK_SERVER_TOKEN",
  "resend-api-key": "RESEND_API_KEY",
  "brevo-api-key": "BREVO_API_KEY",
  "datadog-api-key": "DD_API_KEY",
  "datadog-app-key": "DD_APP_KEY",
  "sentry-": "SENTRY_AUTH_TOKEN",
  "sentry-dsn-secret": "SENTRY_DSN",
  "newrelic-license-key": "NEW_RELIC_LICENSE_KEY",
  "newrelic-user-api-key": "NEW_RELIC_API_KEY",
  "linear-api-key": "LINEAR_API_KEY",
  "notion-integration-token": "NOTION_TOKEN",
  "airtable-personal-access-token": "AIRTABLE_API_KEY",
  "doppler-token": "DOPPLER_TOKEN",
  "vault-": "VAULT_TOKEN",
  "onepassword-service-account-token": "OP_SERVICE_ACCOUNT_TOKEN",
  "figma-token": "FIGMA_TOKEN",
  "snyk-api-token": "SNYK_TOKEN",
  "stripe-live-secret-key": "STRIPE_SECRET_KEY",
  "stripe-test-secret-key": "STRIPE_SECRET_KEY",
  "stripe-live-restricted-key": "STRIPE_RESTRICTED_KEY",
  "stripe-webhook-secret": "STRIPE_WEBHOOK_SECRET",
  "paypal-client-secret": "PAYPAL_CLIENT_SECRET",
  "square-access-token": "SQUARE_ACCESS_TOKEN",
  "shopify-access-token": "SHOPIFY_ACCESS_TOKEN",
  "razorpay-key-secret": "RAZORPAY_KEY_SECRET",
  "plaid-secret": "PLAID_SECRET",
  "mollie-api-key": "MOLLIE_API_KEY",
  "github-": "GITHUB_TOKEN",
  "github-oauth-client-secret": "GITHUB_CLIENT_SECRET",
  "gitlab-personal-access-token": "GITLAB_TOKEN",
  "npm-access-token": "NPM_TOKEN",
  "pypi-upload-token": "PYPI_TOKEN",
  "rubygems-api-key": "GEM_HOST_API_KEY",
  "nuget-api-key": "NUGET_API_KEY",
  "docker-hub-token": "DOCKERHUB_TOKEN",
  "terraform-cloud-token": "TF_TOKEN",
  "crates-io-token": "CARGO_REGISTRY_TOKEN",
  "circleci-token": "CIRCLECI_TOKEN",
  "sonarqube-token": "SONAR_TOKEN",
  "azure-devops-pat": "AZURE_DEVOPS_EXT_PAT",
  "openweathermap-api-key": "OPENWEATHERMAP_API_KEY",
};

/** The provider's conventional name for a rule's secret, if it has one. */
export function providerName(ruleId: string): string | undefined {
  if (PROVIDER_NAMES[ruleId]) return PROVIDER_NAMES[ruleId];
  let best: string | undefined;
  for (const key of Object.keys(PROVIDER_NAMES)) {
    if (key.endsWith("-") && ruleId.startsWith(key) && (!best || key.length > best.length)) best = key;
  }
  return best ? PROVIDER_NAMES[best] : undefined;
}

/** dbPassword → DB_PASSWORD, api-key → API_KEY, HTTPServerKey → HTTP_SERVER_KEY; undefined when nothing usable is left. */
export function toEnvName(identifier: string): string | undefined {
  const snake = identifier
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .replace(/[^A-Za-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .toUpperCase();
  if (!/[A-Z]/.test(snake)) return undefined;
  return /^[0-9]/.test(snake) ? `_${snake}` : snake;
}

/** The word to fall back on when neither the provider nor the code names the value. */
function ruleWord(ruleId: string): string {
  if (/password/.test(ruleId)) return "PASSWORD";
  if (/token/.test(ruleId)) return "API_TOKEN";
  if (/secret/.test(ruleId)) return "SECRET_KEY";
  return "API_KEY";
}

/** Names a code assignment gives that say nothing about the value: worse than the rule's word. */
const VAGUE = new Set(["VALUE", "VAL", "V", "X", "S", "STR", "DATA", "DEFAULT", "ARG", "ARGS", "OPTIONS", "OPTS", "CONFIG", "PARAMS"]);

export function proposedName(ruleId: string, assigned: string | undefined): string {
  const provider = providerName(ruleId);
  if (provider) return provider;
  const derived = assigned ? toEnvName(assigned) : undefined;
  if (derived && !VAGUE.has(derived)) return derived;
  return ruleWord(ruleId);
}

/** `name`, or name_2, name_3, … : the first that `taken` does not refuse. */
export function uniqueName(name: string, taken: (n: string) => boolean): string {
  if (!taken(name)) return name;
  for (let i = 2; ; i++) if (!taken(`${name}_${i}`)) return `${name}_${i}`;
}

export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
