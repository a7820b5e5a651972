/** The demo organisation: a generated workspace, and loading it once into a database. */
export { generateDemo, type DemoOptions, type DemoOrganisation } from './generate.js';
export { loadDemo, holdsPayees, DEMO_SOURCE, type DemoLoad, type LoadDemoOptions } from './load.js';
export { DEMO_USERS, DEMO_MANAGER, DEMO_REP, DEMO_EMAIL_DOMAIN } from './roster.js';
export { localToday } from './calendar.js';
