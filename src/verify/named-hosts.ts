// The hosts the named verifiers (verify/named.ts) send to, apart from their
// code so that checking a spec (verify/spec.ts) loads no crypto.
export const NAMED_HOSTS: Record<string, string> = {
  "aws-sts": "sts.amazonaws.com",
  twilio: "api.twilio.com",
};
