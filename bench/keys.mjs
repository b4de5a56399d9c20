// Real-format (but random, never valid) credentials planted into the generated
// data. Every prefix is assembled from parts at run time so that this file
// itself contains no key-shaped literal and the repository's own scan stays clean.
import { ALNUM, BASE62, BASE64, URLSAFE, UPPER_DIGITS } from './prng.mjs';

const j = (...parts) => parts.join('');

function crc32(str) {
  let c = ~0;
  for (let i = 0; i < str.length; i++) {
    c ^= str.charCodeAt(i);
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

function base62(n, width) {
  let s = '';
  do {
    s = BASE62[n % 62] + s;
    n = Math.floor(n / 62);
  } while (n > 0);
  return s.padStart(width, '0');
}

const AWS_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/**
 * Each maker returns { kind, lines }: the source lines that hold the key, the
 * key on the first line unless `keyLine` says otherwise (0-based).
 */
export const KEY_MAKERS = {
  openai(rng) {
    const key = j('sk', '-proj-', rng.str(URLSAFE, 74), 'T3Blbk', 'FJ', rng.str(URLSAFE, 74));
    return { kind: 'openai', lines: [`const openai = new OpenAI({ apiKey: "${key}" });`] };
  },
  anthropic(rng) {
    const key = j('sk', '-ant-', 'api03-', rng.str(URLSAFE, 93), 'AA');
    return { kind: 'anthropic', lines: [`ANTHROPIC_API_KEY=${key}`] };
  },
  github(rng) {
    const body = rng.str(BASE62, 30);
    const key = j('gh', 'p_', body, base62(crc32(body), 6));
    return { kind: 'github', lines: [`  GITHUB_TOKEN: ${key}`] };
  },
  awsId(rng) {
    const key = j('AK', 'IA', rng.str(AWS_ALPHABET, 16));
    return { kind: 'aws-access-key-id', lines: [`aws_access_key_id = ${key}`] };
  },
  awsSecret(rng) {
    const key = rng.str(ALNUM + '/+', 40);
    return { kind: 'aws-secret-access-key', lines: [`aws_secret_access_key = ${key}`] };
  },
  stripe(rng) {
    const key = j('sk', '_live_', '51', rng.str(BASE62, 97));
    return { kind: 'stripe', lines: [`stripe.api_key = "${key}"`] };
  },
  google(rng) {
    const key = j('AI', 'za', 'Sy', rng.str(URLSAFE, 33));
    return { kind: 'google-api-key', lines: [`    "apiKey": "${key}",`] };
  },
  gitlab(rng) {
    const key = j('gl', 'pat-', rng.str(URLSAFE, 20));
    return { kind: 'gitlab', lines: [`GITLAB_TOKEN = "${key}"`] };
  },
  slackWebhook(rng) {
    const url = j('https://hooks.', 'slack.com/', 'services/', 'T', rng.str(UPPER_DIGITS, 10), '/B', rng.str(UPPER_DIGITS, 10), '/', rng.str(ALNUM, 24));
    return { kind: 'slack-webhook', lines: [`SLACK_WEBHOOK_URL: "${url}"`] };
  },
  pem(rng) {
    const dash = '-'.repeat(5);
    const label = j('RSA ', 'PRIVATE ', 'KEY');
    const body = [j('MIIE', 'pAIBAAKCAQEA', rng.str(BASE64, 48))];
    for (let i = 0; i < 24; i++) body.push(rng.str(BASE64, 64));
    body.push(rng.str(BASE64, 40) + '==');
    return {
      kind: 'private-key',
      lines: [`${dash}BEGIN ${label}${dash}`, ...body, `${dash}END ${label}${dash}`],
    };
  },
};

export const KEY_KINDS = Object.keys(KEY_MAKERS);
