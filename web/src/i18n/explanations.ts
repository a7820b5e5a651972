import type { Language } from './index';

/**
 * The engine explains each figure in English prose of a fixed shape ("SO-1 on 2026-07-01:
 * bookings 0.00 → 52800.00: 52800.00 × 2% (tier 1) = 1056.00", "; capped at …"). The app reads
 * the parts a person asks about (deal, date, tiers and rates, cap) and shows the text in the
 * language on screen, phrase by phrase; numbers and measure names are left as they are.
 */
export interface ExplainedParts {
  readonly deal?: string;
  readonly date?: string;
  readonly tiers: readonly { readonly tier: number; readonly rate: string }[];
  readonly capped: boolean;
}

const HEAD = /^(\S+) on (\d{4}-\d{2}-\d{2}):/;

export function explanationParts(text: string): ExplainedParts {
  const head = HEAD.exec(text);
  const tiers = [...text.matchAll(/× (-?[\d.]+%) \(tier (\d+)/g)].map((m) => ({ tier: Number(m[2]), rate: m[1]! }));
  const retro = /lands in tier (\d+), so all of it earns ([\d.]+%)/.exec(text);
  if (retro) tiers.push({ tier: Number(retro[1]), rate: retro[2]! });
  return { ...(head ? { deal: head[1]!, date: head[2]! } : {}), tiers, capped: /capped at|cap ÷/.test(text) };
}

const MALAY: readonly (readonly [RegExp, string])[] = [
  [/^(\S+) on (\d{4}-\d{2}-\d{2}):/, '$1 pada $2:'],
  [/reverses (\S+) line of (\S+) \(/g, 'membalikkan baris $1 bagi $2 ('],
  [/, plan (\S+)\)/g, ', pelan $1)'],
  [/\) cancelled on /g, ') dibatalkan pada '],
  [/\(tier (\d+), where the period's (\S+) lands\)/g, '(peringkat $1, tempat $2 tempoh ini jatuh)'],
  [/\(tier (\d+)\)/g, '(peringkat $1)'],
  [/tier (\d+) \[/g, 'peringkat $1 ['],
  [/\) at (-?[\d.]+%)/g, ') pada kadar $1'],
  [/; capped at (\S+) \(uncapped (\S+)\)/g, '; dihadkan pada $1 (tanpa had $2)'],
  [/; cap (\S+) not reached/g, '; had $1 tidak dicapai'],
  [/ cap ÷ (\S+) uncapped/g, ' had ÷ $1 tanpa had'],
  [/graduated tiers on /g, 'peringkat berperingkat bagi '],
  [/retroactive tiers on /g, 'peringkat retroaktif bagi '],
  [/ lands in tier (\d+), so all of it earns /g, ' jatuh dalam peringkat $1, maka kesemuanya memperoleh '],
  [/ in total(;|$)/g, ' keseluruhannya$1'],
  [/\(quota /g, '(kuota '],
  [/ reaches the step at /g, ' mencapai langkah pada '],
  [/ reaches no step \(lowest at /g, ' tidak mencapai sebarang langkah (terendah pada '],
  [/^attainment (\S+) of /g, 'pencapaian $1 bagi '],
  [/ of the period assigned/g, ' daripada tempoh yang ditetapkan'],
  [/ share\b/g, ' bahagian'],
  [/unit\(s\)/g, 'unit'],
  [/ per (\S+) from /g, ' setiap $1 dari '],
  [/ per /g, ' setiap '],
  [/ to (\d{4}-\d{2}-\d{2}|…)/g, ' hingga $1'],
];

export function translateExplanation(text: string, language: Language): string {
  if (language === 'en') return text;
  return MALAY.reduce((s, [pattern, replacement]) => s.replace(pattern, replacement), text);
}
