import { pino, type Logger } from "pino";

import type { LogLevel } from "./config";

/**
 * Creates the server's JSON logger. Request logs carry only the method, URL,
 * status and request id, and credentials are redacted wherever they might appear.
 */
export function createLogger(level: LogLevel): Logger {
  return pino({
    level,
    redact: {
      paths: [
        "req.headers.authorization",
        "req.headers.cookie",
        'res.headers["set-cookie"]',
        "password",
        "token",
        "*.password",
        "*.token",
      ],
      censor: "[redacted]",
    },
  });
}
