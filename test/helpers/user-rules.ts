// Config rules the WASM-engine tests share: a user pattern (re2js checks it
// first, then the engine runs it) that uses RE2's `\/` escape and a nested
// repetition that must stay harmless.
export const ACME_PATH_KEY_RULE = `
[[rules]]
id = "acme-path-key"
provider = "Acme"
description = "Acme key in a URL path"
regex = '\\/acme\\/(k(?:a+)+[0-9]{6})\\b'
keywords = ["/acme/"]
revoke = "https://acme.example/keys"
examples.match = ['GET /acme/kaaa123456 HTTP/1.1']
examples.nomatch = ['GET /acme/kb123456']
`;
