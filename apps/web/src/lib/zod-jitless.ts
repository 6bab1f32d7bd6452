import { z } from "zod";

// The server's Content-Security-Policy forbids eval, so zod validates without
// compiling parsers and never probes `new Function` (the probe is reported as
// a CSP violation). Imported first in main.tsx, so it runs before any schema is built.
z.config({ jitless: true });
