/** The usage text every argument error of the command line ends with. */
export const USAGE = `usage:
  prestasi calc WORKSPACE --period PERIOD [--payee ID] [--summary] [--explain] [--format json|csv]
  prestasi check WORKSPACE
  prestasi diff BEFORE AFTER --period PERIOD [--payee ID] [--format text|json]
  prestasi migrate [--data DIR]
  prestasi import WORKSPACE [--dry-run] [--data DIR]
  prestasi export DIR [--data DIR]
  prestasi serve [--port PORT] [--host HOST] [--data DIR]
  prestasi demo [--data DIR] [--today YYYY-MM-DD] | prestasi demo --out DIR [--today YYYY-MM-DD]
  prestasi user add EMAIL --role rep|manager|finance|admin [--payee ID] [--name NAME] [--sso] [--data DIR]
  prestasi token create NAME --scope SCOPE [--scope SCOPE]... [--data DIR]
  prestasi audit verify [--data DIR]

PERIOD is YYYY-MM (a month), YYYY-Qn (a fiscal quarter) or YYYY (a fiscal year).

The database: --data DIR (PGlite in DIR), else DATABASE_URL (PostgreSQL), else PGlite in
PRESTASI_DATA or ./data. serve listens on PORT (default 3000) and HOST (default 127.0.0.1), and
on the first start of an empty database creates the demo organisation (not with PRESTASI_NO_DEMO=1).
demo loads that organisation into an empty database, once; --out writes it as a workspace folder.`;
