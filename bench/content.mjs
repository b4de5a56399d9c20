// Realistic, key-free source text for the benchmark generators: code in several
// languages, configs, docs, lock files and minified bundles, full of the things
// a scanner must not report (UUIDs, integrity hashes, git SHAs, placeholders).
import { BASE64, HEX, LOWER, ALNUM } from './prng.mjs';

const WORDS = (
  'user account order invoice payment customer session token cache queue worker ' +
  'config client server request response handler router message event stream ' +
  'buffer record table schema model view controller service repository adapter ' +
  'factory builder parser lexer node tree graph path file folder upload download ' +
  'image thumbnail report metric counter gauge timer retry backoff limit window ' +
  'batch job task schedule cron hook plugin module package bundle asset style ' +
  'theme layout page form field input output value key entry index offset cursor ' +
  'filter sort group merge split join format encode decode hash sign verify auth ' +
  'login logout profile avatar email phone address country region zone cluster ' +
  'shard replica leader follower commit branch tag release build deploy health ' +
  'status error warning notice debug trace span context scope state store action ' +
  'reducer effect signal channel socket connection pool driver query mutation'
).split(/\s+/);

const VERBS = 'get set load save fetch create update delete find list parse build render handle resolve validate normalize compute apply emit dispatch register flush reset sync'.split(' ');

const ENV_NAMES = ['OPENAI_API_KEY', 'DATABASE_URL', 'STRIPE_SECRET_KEY', 'GITHUB_TOKEN', 'REDIS_URL', 'SENTRY_DSN', 'AWS_REGION', 'API_BASE_URL', 'ANTHROPIC_API_KEY', 'LOG_LEVEL', 'NODE_ENV', 'PORT'];

const cap = (w) => w[0].toUpperCase() + w.slice(1);

export function word(rng) {
  return rng.pick(WORDS);
}
export function camel(rng, n = rng.int(1, 3)) {
  let s = rng.pick(VERBS);
  for (let i = 0; i < n; i++) s += cap(word(rng));
  return s;
}
export function pascal(rng, n = rng.int(1, 3)) {
  let s = '';
  for (let i = 0; i < n; i++) s += cap(word(rng));
  return s;
}
export function snake(rng, n = rng.int(1, 3)) {
  const parts = [rng.pick(VERBS)];
  for (let i = 0; i < n; i++) parts.push(word(rng));
  return parts.join('_');
}
export function sentence(rng, min = 5, max = 14) {
  const n = rng.int(min, max);
  const w = [];
  for (let i = 0; i < n; i++) w.push(rng.chance(0.15) ? rng.pick(VERBS) : word(rng));
  w[0] = cap(w[0]);
  return w.join(' ') + '.';
}
export function uuid(rng) {
  const h = (n) => rng.str(HEX, n);
  return `${h(8)}-${h(4)}-4${h(3)}-${rng.pick(['8', '9', 'a', 'b'])}${h(3)}-${h(12)}`;
}
export function gitSha(rng) {
  return rng.str(HEX, 40);
}
export function integrity(rng) {
  return `sha512-${rng.str(BASE64, 86)}==`;
}
function semver(rng) {
  return `${rng.int(0, 12)}.${rng.int(0, 30)}.${rng.int(0, 20)}`;
}
function url(rng) {
  return `https://${rng.pick(['api', 'cdn', 'docs', 'auth', 'static'])}.${word(rng)}${rng.pick(['.io', '.com', '.dev', '.net'])}/${word(rng)}/${rng.pick(VERBS)}`;
}

// Look-alikes: placeholders that look like keys to a careless scanner.
const SECRET_ENV_NAMES = ['OPENAI_API_KEY', 'STRIPE_SECRET_KEY', 'GITHUB_TOKEN', 'ANTHROPIC_API_KEY', 'AWS_ACCESS_KEY_ID', 'SENDGRID_API_KEY'];
function placeholder(rng) {
  return rng.weighted([
    [4, 'sk-YOUR_API_KEY'],
    [3, 'sk-...'],
    [4, '<your-api-key>'],
    [2, 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'],
    [3, '${OPENAI_API_KEY}'],
    [3, 'REPLACE_ME'],
    [2, 'changeme'],
    [1, ['AKIA', 'IOSFODNN7', 'EXAMPLE'].join('')],
  ]);
}
/** A realistic non-secret value for an environment variable. */
function envValue(rng, name) {
  if (SECRET_ENV_NAMES.includes(name)) return placeholder(rng);
  return rng.pick(['true', 'false', 'info', 'development', String(rng.int(1000, 65535)), `http://localhost:${rng.int(3000, 9000)}`, `redis://localhost:6379/${rng.int(0, 15)}`, 'eu-west-1']);
}

/** Lines until about `bytes` bytes, each from `line(rng)`. */
function fill(rng, bytes, parts, more) {
  let size = parts.reduce((n, p) => n + p.length + 1, 0);
  while (size < bytes) {
    const chunk = more();
    parts.push(chunk);
    size += chunk.length + 1;
  }
  return parts.join('\n') + '\n';
}

function jsStatement(rng, ts) {
  const v = camel(rng, 1).replace(/^./, (c) => c.toLowerCase());
  return rng.weighted([
    [5, () => `const ${v} = await this.${camel(rng)}(${word(rng)}Id, { retries: ${rng.int(1, 5)}, timeoutMs: ${rng.int(1, 60) * 500} });`],
    [3, () => `if (!${v}) throw new Error(\`${sentence(rng, 3, 7)} \${${word(rng)}Id}\`);`],
    [3, () => `logger.${rng.pick(['info', 'debug', 'warn'])}('${sentence(rng, 3, 8)}', { ${word(rng)}, ${word(rng)}Count: ${v}.length });`],
    [2, () => `const ${v}Url = new URL('${url(rng)}', process.env.API_BASE_URL);`],
    [1, () => `const apiKey = process.env.${rng.pick(ENV_NAMES)} ?? '';`],
    [1, () => `const requestId = '${uuid(rng)}';`],
    [1, () => `// ${sentence(rng)}`],
    [2, () => `for (const ${word(rng)} of ${v}s) { results.push(${camel(rng)}(${word(rng)}${ts ? ` as ${pascal(rng)}` : ''})); }`],
    [2, () => `return { ...${word(rng)}, ${word(rng)}: ${v}, updatedAt: Date.now() };`],
    [1, () => `const revision = '${gitSha(rng)}'; // pinned ${word(rng)} build`],
  ])();
}

export function javascript(rng, bytes, ts = false) {
  const parts = [];
  for (let i = rng.int(2, 8); i > 0; i--) {
    parts.push(`import { ${camel(rng)}, ${pascal(rng)} } from '${rng.chance(0.5) ? '@' + word(rng) + '/' : './'}${word(rng)}${ts ? '' : '.js'}';`);
  }
  parts.push('');
  return fill(rng, bytes, parts, () => {
    const out = [];
    if (ts && rng.chance(0.3)) {
      out.push(`export interface ${pascal(rng)} {`);
      for (let i = rng.int(2, 8); i > 0; i--) out.push(`  ${word(rng)}${rng.chance(0.3) ? '?' : ''}: ${rng.pick(['string', 'number', 'boolean', pascal(rng, 1), 'string[]', 'Record<string, unknown>'])};`);
      out.push('}', '');
    }
    out.push('/**', ` * ${sentence(rng)}`, ` * @param ${word(rng)} ${sentence(rng, 3, 8)}`, ' */');
    const args = ts ? `${word(rng)}Id: string, options: ${pascal(rng)}Options = {}` : `${word(rng)}Id, options = {}`;
    out.push(`export async function ${camel(rng)}(${args})${ts ? `: Promise<${pascal(rng)}>` : ''} {`);
    for (let i = rng.int(3, 14); i > 0; i--) out.push('  ' + jsStatement(rng, ts));
    out.push('}', '');
    return out.join('\n');
  });
}

export function python(rng, bytes) {
  const parts = ['"""' + sentence(rng) + '"""', 'import os', 'import logging', `from ${word(rng)}.${word(rng)} import ${pascal(rng)}, ${snake(rng)}`, '', 'log = logging.getLogger(__name__)', ''];
  return fill(rng, bytes, parts, () => {
    const out = [];
    const cls = rng.chance(0.3);
    const ind = cls ? '    ' : '';
    if (cls) out.push(`class ${pascal(rng)}(${pascal(rng, 1)}):`, `    """${sentence(rng)}"""`, '');
    for (let f = cls ? rng.int(2, 5) : 1; f > 0; f--) {
      out.push(`${ind}def ${snake(rng)}(${cls ? 'self, ' : ''}${word(rng)}_id: str, retries: int = ${rng.int(1, 5)}) -> dict:`);
      out.push(`${ind}    """${sentence(rng)}`, '', `${ind}    ${sentence(rng)}`, `${ind}    """`);
      for (let i = rng.int(3, 10); i > 0; i--) {
        out.push(ind + '    ' + rng.weighted([
          [4, () => `${word(rng)} = self.${snake(rng)}(${word(rng)}_id, timeout=${rng.int(1, 30)})`],
          [2, () => `if not ${word(rng)}:\n${ind}        raise ValueError(f"${sentence(rng, 3, 6)} {${word(rng)}_id}")`],
          [2, () => `log.info("${sentence(rng, 3, 7)} %s", ${word(rng)}_id)`],
          [1, () => `api_key = os.environ.get("${rng.pick(ENV_NAMES)}", "")`],
          [1, () => `# ${sentence(rng)}`],
          [1, () => `request_id = "${uuid(rng)}"`],
        ])());
      }
      out.push(`${ind}    return {"${word(rng)}": ${word(rng)}, "status": "${rng.pick(['ok', 'pending', 'failed'])}"}`, '');
    }
    return out.join('\n');
  });
}

export function go(rng, bytes) {
  const parts = [`package ${word(rng)}`, '', 'import (', '\t"context"', '\t"fmt"', '\t"os"', `\t"github.com/${word(rng)}/${word(rng)}-go/${word(rng)}"`, ')', ''];
  return fill(rng, bytes, parts, () => {
    const out = [];
    const t = pascal(rng);
    out.push(`// ${t} ${sentence(rng).toLowerCase()}`, `type ${t} struct {`);
    for (let i = rng.int(2, 7); i > 0; i--) {
      const f = pascal(rng, 1);
      out.push(`\t${f} ${rng.pick(['string', 'int64', 'bool', 'time.Time', '[]byte', '*' + pascal(rng, 1)])} \`json:"${f.toLowerCase()},omitempty"\``);
    }
    out.push('}', '', `func (s *${t}) ${cap(camel(rng))}(ctx context.Context, id string) (*${pascal(rng, 1)}, error) {`);
    for (let i = rng.int(3, 10); i > 0; i--) {
      out.push('\t' + rng.weighted([
        [4, () => `${word(rng)}, err := s.${cap(camel(rng))}(ctx, id)\n\tif err != nil {\n\t\treturn nil, fmt.Errorf("${sentence(rng, 2, 5).toLowerCase().slice(0, -1)}: %w", err)\n\t}`],
        [1, () => `token := os.Getenv("${rng.pick(ENV_NAMES)}")`],
        [1, () => `// ${sentence(rng)}`],
        [1, () => `traceID := "${uuid(rng)}"`],
      ])());
    }
    out.push(`\treturn &${pascal(rng, 1)}{}, nil`, '}', '');
    return out.join('\n');
  });
}

export function goSum(rng, bytes) {
  return fill(rng, bytes, [], () => {
    const mod = `github.com/${word(rng)}/${word(rng)}-${word(rng)} v${semver(rng)}`;
    return `${mod} h1:${rng.str(BASE64, 43)}=\n${mod}/go.mod h1:${rng.str(BASE64, 43)}=`;
  });
}

export function jsonConfig(rng, bytes) {
  const obj = { name: `@${word(rng)}/${word(rng)}-${word(rng)}`, version: semver(rng), description: sentence(rng), settings: {} };
  let size = 200;
  while (size < bytes) {
    const k = camel(rng, 1);
    const v = rng.weighted([
      [3, () => ({ enabled: rng.chance(0.5), endpoint: url(rng), timeoutMs: rng.int(100, 30000) })],
      [2, () => ({ id: uuid(rng), label: sentence(rng, 2, 5), tags: [word(rng), word(rng)] })],
      [1, () => ({ apiKey: placeholder(rng), envVar: rng.pick(SECRET_ENV_NAMES) })],
      [1, () => ({ commit: gitSha(rng), builtAt: new Date(1.6e12 + rng.int(0, 1e8) * 1000).toISOString() })],
    ])();
    obj.settings[k] = v;
    size += JSON.stringify(v).length + k.length + 12;
  }
  return JSON.stringify(obj, null, 2) + '\n';
}

export function packageLock(rng, bytes) {
  const packages = { '': { name: word(rng), version: semver(rng) } };
  let size = 100;
  while (size < bytes) {
    const name = rng.chance(0.3) ? `@${word(rng)}/${word(rng)}-${word(rng)}` : `${word(rng)}-${word(rng)}${rng.int(0, 99)}`;
    const version = semver(rng);
    const entry = {
      version,
      resolved: `https://registry.npmjs.org/${name}/-/${name.split('/').pop()}-${version}.tgz`,
      integrity: integrity(rng),
      dev: rng.chance(0.4) || undefined,
      license: rng.pick(['MIT', 'ISC', 'Apache-2.0', 'BSD-3-Clause']),
    };
    packages[`node_modules/${name}`] = entry;
    size += JSON.stringify(entry).length + name.length + 40;
  }
  return JSON.stringify({ name: packages[''].name, lockfileVersion: 3, requires: true, packages }, null, 2) + '\n';
}

export function yaml(rng, bytes) {
  const parts = [`name: ${word(rng)}-${rng.pick(['ci', 'deploy', 'release'])}`, 'on:', '  push:', '    branches: [main]', 'jobs:'];
  return fill(rng, bytes, parts, () => {
    const out = [`  ${word(rng)}-${word(rng)}:`, '    runs-on: ubuntu-latest', '    env:'];
    for (let i = rng.int(1, 4); i > 0; i--) {
      const n = rng.pick(ENV_NAMES);
      out.push(`      ${n}: \${{ secrets.${n} }}`);
    }
    out.push('    steps:', `      - uses: actions/checkout@${gitSha(rng)}`);
    for (let i = rng.int(2, 6); i > 0; i--) out.push(`      - name: ${sentence(rng, 2, 5)}`, `        run: npm run ${word(rng)} -- --${word(rng)}=${word(rng)}`);
    out.push(`    # ${sentence(rng)}`);
    return out.join('\n');
  });
}

export function markdown(rng, bytes) {
  const parts = [`# ${pascal(rng, 2)}`, '', sentence(rng, 10, 25), ''];
  return fill(rng, bytes, parts, () => rng.weighted([
    [4, () => `${sentence(rng, 8, 20)} ${sentence(rng, 8, 20)} ${sentence(rng, 5, 12)}\n`],
    [2, () => `## ${pascal(rng, 2)}\n`],
    [2, () => `- ${sentence(rng, 3, 9)}\n- ${sentence(rng, 3, 9)}\n- \`${camel(rng)}()\` ${sentence(rng, 3, 6)}\n`],
    [1, () => `\`\`\`bash\nexport ${rng.pick(SECRET_ENV_NAMES)}=${placeholder(rng)}\nnpx ${word(rng)} ${rng.pick(VERBS)} --${word(rng)}\n\`\`\`\n`],
    [1, () => `\`\`\`js\nconst client = new Client({ apiKey: process.env.${rng.pick(ENV_NAMES)} });\nawait client.${camel(rng)}('${uuid(rng)}');\n\`\`\`\n`],
    [1, () => `See [${sentence(rng, 2, 4).slice(0, -1)}](${url(rng)}) and commit ${gitSha(rng).slice(0, 12)}.\n`],
  ])());
}

export function dotenv(rng, bytes) {
  const parts = [`# ${sentence(rng)}`];
  return fill(rng, bytes, parts, () => rng.weighted([
    [3, () => {
      const n = rng.pick(ENV_NAMES);
      return `${n}=${envValue(rng, n)}`;
    }],
    [2, () => `${snake(rng, 1).toUpperCase()}=${rng.pick(['true', 'false', String(rng.int(1, 65535)), word(rng), 'http://localhost:' + rng.int(3000, 9000)])}`],
    [1, () => `# ${sentence(rng)}`],
    [1, () => `${snake(rng, 1).toUpperCase()}_ID=${uuid(rng)}`],
  ])());
}

/** One long minified line, like a production bundle. */
export function minified(rng, bytes) {
  const v = () => rng.str(LOWER, 1) + (rng.chance(0.3) ? rng.str(ALNUM, 1) : '');
  const parts = ['/*! ' + word(rng) + ' v' + semver(rng) + ' | MIT */'];
  let size = 30;
  while (size < bytes) {
    const chunk = rng.weighted([
      [6, () => `function ${v()}(${v()},${v()}){var ${v()}=${v()}.${word(rng)}||{};return ${v()}.${camel(rng, 1)}(${v()},"${word(rng)}")}`],
      [3, () => `${v()}.prototype.${camel(rng, 1)}=function(){return this.${word(rng)}&&this.${word(rng)}.length>${rng.int(0, 99)}};`],
      [2, () => `var ${v()}="${sentence(rng, 2, 6)}";`],
      [1, () => `${v()}.${word(rng)}="data:image/png;base64,${rng.str(BASE64, rng.int(100, 600))}==";`],
      [1, () => `${v()}("${uuid(rng)}",${rng.int(0, 1e6)});`],
    ])();
    parts.push(chunk);
    size += chunk.length;
  }
  return parts.join('') + '\n';
}

export function sourceMap(rng, bytes) {
  const segs = [];
  let size = 0;
  while (size < bytes) {
    const s = rng.str('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', rng.int(4, 10));
    segs.push(s);
    size += s.length + 1;
  }
  return JSON.stringify({ version: 3, file: `${word(rng)}.min.js`, sources: [`src/${word(rng)}.ts`], names: [], mappings: segs.join(rng.chance(0.5) ? ',' : ';') }) + '\n';
}
