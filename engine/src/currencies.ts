/**
 * ISO 4217 "List one" (current currency, fund and precious-metal codes) with each code's minor
 * unit, as in force on 2026-01-01.
 *
 * Based on the SIX list one published 2025-03-31 (which already has XCG in place of ANG, ZWG in
 * place of ZWL, SLE without SLL, VES and VED, EUR for Croatia without HRK, no CUC), plus the
 * later amendments:
 * - 179 (effective 2025-05-12): XAD, Arab Accounting Dinar, minor unit 2, added;
 * - 180 (effective 2026-01-01): Bulgaria moves to EUR; BGN goes to list three (historic).
 *
 * Codes that ISO lists with minor unit "N.A." (SDR, bond-market units, testing, "no currency",
 * precious metals) use 2, as the workspace spec says. Historic codes (list three) are unknown.
 */

const BY_MINOR_UNIT: ReadonlyArray<readonly [number, string]> = [
  [
    0,
    'BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF',
  ],
  [
    2,
    'AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BMD BND BOB BOV BRL BSD BTN BWP BYN BZD ' +
      'CAD CDF CHE CHF CHW CNY COP COU CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP ' +
      'GBP GEL GHS GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD ' +
      'KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN ' +
      'NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK ' +
      'SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TOP TRY TTD TWD TZS UAH USD USN ' +
      'UYU UZS VED VES WST XAD XCD XCG YER ZAR ZMW ZWG',
  ],
  [3, 'BHD IQD JOD KWD LYD OMR TND'],
  [4, 'CLF UYW'],
  // Listed by ISO without a minor unit ("N.A."); the spec maps these to 2.
  [2, 'XAG XAU XBA XBB XBC XBD XDR XPD XPT XSU XTS XUA XXX'],
];

const MINOR_UNITS: ReadonlyMap<string, number> = (() => {
  const map = new Map<string, number>();
  for (const [units, codes] of BY_MINOR_UNIT) {
    for (const code of codes.split(' ')) map.set(code, units);
  }
  return map;
})();

/**
 * The number of minor-unit digits of an ISO 4217 currency code (2 for MYR, 0 for JPY, 3 for KWD),
 * or `undefined` when the code is not on the current list. Codes are matched exactly: upper case,
 * three letters.
 */
export function minorUnits(code: string): number | undefined {
  return MINOR_UNITS.get(code);
}

/** Whether `code` is a current ISO 4217 code (exact match, upper case). */
export function isCurrencyCode(code: string): boolean {
  return MINOR_UNITS.has(code);
}
